package dev.nslab.netlink;

import dev.nslab.netlink.nl.AttrPath;
import dev.nslab.netlink.nl.ErrorMessage;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.NlWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many requests to one namespace, sent in as few sendmsg(2) calls as the buffers allow, each
 * acked and each result mapped back to its request (iproute2's {@code __rtnl_talk_iov}).
 * <p>
 * The kernel handles a whole sendmsg before it returns, queueing one ack per request on our
 * socket. So at most {@link #window} requests go out at once: that many acks always fit the
 * receive buffer, and no ack is lost. If one is lost anyway (ENOBUFS), the requests whose acks
 * are missing are reported UNKNOWN, never OK or FAILED, and nothing further is sent.
 * A failed request does not stop the others: the kernel goes on with the next message
 * (docs/kernel-facts.md, "Netlink").
 */
public final class Batch<T> {
    /**
     * Requests in flight at once. The system property {@code nslab.netlink.window} changes it
     * (tests force it large, with a small receive buffer, to make the kernel drop acks).
     */
    public static final int DEFAULT_WINDOW = Math.max(1, Integer.getInteger("nslab.netlink.window", 256));
    private static final int MAX_BYTES_PER_SEND = 256 * 1024;

    private final Transport socket;
    private final int window;
    private final List<Request> requests = new ArrayList<>();
    private final List<T> tags = new ArrayList<>();

    public Batch(Transport socket) {
        this(socket, DEFAULT_WINDOW);
    }

    /** A batch with a chosen window; a huge window with a tiny buffer is how tests provoke ENOBUFS. */
    public Batch(Transport socket, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.socket = socket;
        this.window = window;
    }

    public Batch<T> add(Request request) {
        return add(request, null);
    }

    /** Adds a request; {@code tag} comes back in its {@link Outcome}, typed (e.g. the plan step). */
    public Batch<T> add(Request request, T tag) {
        requests.add(request);
        tags.add(tag);
        return this;
    }

    public int size() {
        return requests.size();
    }

    public boolean isEmpty() {
        return requests.isEmpty();
    }

    /** Sends every request and waits for every ack. Never throws for a refused request. */
    public BatchResult<T> execute() {
        Progress p = new Progress(requests.size());
        NlWriter writer = new NlWriter();
        int sends = 0;
        int next = 0;
        boolean lost = false;
        while (next < p.n && !lost) {
            writer.reset();
            p.pending.clear();
            int first = next;
            while (next < p.n && next - first < window && writer.size() < MAX_BYTES_PER_SEND) {
                int seq = socket.nextSeq();
                p.start[next] = writer.size();
                requests.get(next).encoder().write(writer, seq);
                p.end[next] = writer.size();
                p.pending.put(seq, next);
                next++;
            }
            socket.send(writer.toByteArray(), 0, writer.size());
            sends++;
            for (int i = first; i < next; i++) {
                p.status[i] = Outcome.Status.UNKNOWN;
            }
            try {
                while (!p.pending.isEmpty()) {
                    record(socket.receiveMessages(false), p, writer);
                }
            } catch (NetlinkOverrunException | NetlinkStateUnknownException e) {
                lost = true;
                drain(p, writer);
            }
        }
        List<Outcome<T>> outcomes = new ArrayList<>(p.n);
        for (int i = 0; i < p.n; i++) {
            outcomes.add(new Outcome<>(requests.get(i), tags.get(i), p.status[i], p.errno[i], p.message[i], p.attribute[i]));
        }
        return new BatchResult<>(outcomes, sends);
    }

    /** What is known so far of each request, and where the current window's are in the writer. */
    private static final class Progress {
        final int n;
        final Outcome.Status[] status;
        final int[] errno;
        final String[] message;
        final String[] attribute;
        final int[] start;
        final int[] end;
        final Map<Integer, Integer> pending = new HashMap<>();

        Progress(int n) {
            this.n = n;
            status = new Outcome.Status[n];
            Arrays.fill(status, Outcome.Status.NOT_SENT);
            errno = new int[n];
            message = new String[n];
            attribute = new String[n];
            start = new int[n];
            end = new int[n];
        }
    }

    /**
     * Executes batches that go to different sockets (one per namespace, typically) and returns
     * their results in the same order. Each batch waits on its own socket, so from 32 batches
     * on they go out from a few threads at once: while the kernel works on one namespace's
     * requests, the next namespace's are being encoded. The threads never switch namespace
     * (each socket already belongs to its own), so none can carry a foreign namespace anywhere.
     * {@code afterEach} runs on the sending thread after each batch. The first exception thrown
     * stops the sending of batches not yet started and is rethrown.
     * <p>Equivalent to: one {@code ip -n NS -batch -} per namespace, several at a time.
     */
    public static <T> List<BatchResult<T>> executeAll(List<Batch<T>> batches, java.util.function.Consumer<Batch<T>> afterEach) {
        List<BatchResult<T>> results = new ArrayList<>(java.util.Collections.nCopies(batches.size(), null));
        int threads = batches.size() < 32 ? 1 : Math.min(4, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable work = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < batches.size()) {
                try {
                    results.set(i, batches.get(i).execute());
                    afterEach.accept(batches.get(i));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        if (threads == 1) {
            work.run();
        } else {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(work, "nslab-batch-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, new IllegalStateException("interrupted while sending batches", e));
                }
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return results;
    }

    /** After an overrun the acks that did arrive are still queued: collect them without blocking. */
    private void drain(Progress p, NlWriter writer) {
        while (!p.pending.isEmpty()) {
            List<NlMessage> got;
            try {
                got = socket.receiveMessages(true);
            } catch (NetlinkOverrunException again) {
                continue;
            }
            if (got.isEmpty()) {
                return;
            }
            record(got, p, writer);
        }
    }

    private void record(List<NlMessage> messages, Progress p, NlWriter writer) {
        for (NlMessage m : messages) {
            if (!(m instanceof ErrorMessage ack) || m.header().pid() != socket.portId()) {
                continue;
            }
            Integer index = p.pending.remove(m.header().seq());
            if (index == null) {
                continue;
            }
            if (ack.error() == 0) {
                p.status[index] = Outcome.Status.OK;
                p.message[index] = ack.extAckMessage(); // a warning, if any ("quantum of class 10010 is big")
            } else {
                p.status[index] = Outcome.Status.FAILED;
                p.errno[index] = -ack.error();
                p.message[index] = ack.extAckMessage();
                p.attribute[index] = pointedAt(ack, writer.slice(p.start[index], p.end[index]));
            }
        }
    }

    /** The attribute of {@code request} an error's extended ack points at (offset or missing type), or null. */
    static String pointedAt(ErrorMessage error, java.nio.ByteBuffer request) {
        Integer offset = error.extAckOffset();
        if (offset != null) {
            return AttrPath.at(request, offset);
        }
        Integer missing = error.extAckMissingType();
        return missing == null ? null : "missing " + AttrPath.missing(request, missing, error.extAckMissingNest());
    }
}
