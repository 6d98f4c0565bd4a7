package dev.nslab.netlink;

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
public final class Batch {
    /**
     * Requests in flight at once. The system property {@code nslab.netlink.window} changes it
     * (tests force it large, with a small receive buffer, to make the kernel drop acks).
     */
    public static final int DEFAULT_WINDOW = Math.max(1, Integer.getInteger("nslab.netlink.window", 256));
    private static final int MAX_BYTES_PER_SEND = 256 * 1024;

    private final NetlinkSocket socket;
    private final int window;
    private final List<Request> requests = new ArrayList<>();
    private final List<Object> tags = new ArrayList<>();

    public Batch(NetlinkSocket socket) {
        this(socket, DEFAULT_WINDOW);
    }

    /** A batch with a chosen window; a huge window with a tiny buffer is how tests provoke ENOBUFS. */
    public Batch(NetlinkSocket socket, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.socket = socket;
        this.window = window;
    }

    public Batch add(Request request) {
        return add(request, null);
    }

    /** Adds a request; {@code tag} comes back in its {@link Outcome} (e.g. the plan step). */
    public Batch add(Request request, Object tag) {
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
    public BatchResult execute() {
        int n = requests.size();
        Outcome.Status[] status = new Outcome.Status[n];
        int[] errno = new int[n];
        String[] message = new String[n];
        Arrays.fill(status, Outcome.Status.NOT_SENT);
        NlWriter writer = new NlWriter();
        Map<Integer, Integer> pending = new HashMap<>();
        int sends = 0;
        int next = 0;
        boolean lost = false;
        while (next < n && !lost) {
            writer.reset();
            pending.clear();
            int first = next;
            while (next < n && next - first < window && writer.size() < MAX_BYTES_PER_SEND) {
                int seq = socket.nextSeq();
                requests.get(next).encoder().write(writer, seq);
                pending.put(seq, next);
                next++;
            }
            socket.send(writer.toByteArray(), 0, writer.size());
            sends++;
            for (int i = first; i < next; i++) {
                status[i] = Outcome.Status.UNKNOWN;
            }
            try {
                while (!pending.isEmpty()) {
                    record(socket.receive(false), pending, status, errno, message);
                }
            } catch (NetlinkSocket.NetlinkOverrunException | NetlinkStateUnknownException e) {
                lost = true;
                drain(pending, status, errno, message);
            }
        }
        List<Outcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outcomes.add(new Outcome(requests.get(i), tags.get(i), status[i], errno[i], message[i]));
        }
        return new BatchResult(outcomes, sends);
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
    public static List<BatchResult> executeAll(List<Batch> batches, java.util.function.Consumer<Batch> afterEach) {
        BatchResult[] results = new BatchResult[batches.size()];
        int threads = batches.size() < 32 ? 1 : Math.min(4, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable work = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < batches.size()) {
                try {
                    results[i] = batches.get(i).execute();
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
        return Arrays.asList(results);
    }

    /** After an overrun the acks that did arrive are still queued: collect them without blocking. */
    private void drain(Map<Integer, Integer> pending, Outcome.Status[] status, int[] errno, String[] message) {
        while (!pending.isEmpty()) {
            List<NlMessage> got;
            try {
                got = socket.receive(true);
            } catch (NetlinkSocket.NetlinkOverrunException again) {
                continue;
            }
            if (got.isEmpty()) {
                return;
            }
            record(got, pending, status, errno, message);
        }
    }

    private void record(List<NlMessage> messages, Map<Integer, Integer> pending,
                        Outcome.Status[] status, int[] errno, String[] message) {
        for (NlMessage m : messages) {
            if (!(m instanceof ErrorMessage ack) || m.header().pid() != socket.portId()) {
                continue;
            }
            Integer index = pending.remove(m.header().seq());
            if (index == null) {
                continue;
            }
            if (ack.error() == 0) {
                status[index] = Outcome.Status.OK;
            } else {
                status[index] = Outcome.Status.FAILED;
                errno[index] = -ack.error();
                message[index] = ack.extAckMessage();
            }
        }
    }
}
