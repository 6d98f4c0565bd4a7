package dev.nslab.capture;

import dev.nslab.model.Names;
import dev.nslab.sys.Errno;
import dev.nslab.sys.PacketSockets;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.SysException;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A running capture of one interface of a named namespace, for tests and for {@code nslab capture}:
 * <pre>
 * try (Capture c = Capture.start("r1", "eth1", "icmp")) {
 *     ... send a ping from h1 to h2 ...
 *     c.await(p -&gt; p.summary().contains("echo request"), Duration.ofSeconds(2));
 * }
 * </pre>
 * The AF_PACKET socket is made on a thread inside the namespace, so it sees that namespace's
 * interface; every frame sent or received there from the moment {@link Builder#start} returns
 * is decoded on a background thread until {@link #close()}, and those the filter keeps are
 * collected ({@link #packets()}), handed to a listener, written to a pcap file.
 * <p>
 * While it runs, the socket holds the namespace alive (kernel-facts.md): close captures before
 * the lab goes down. If the interface goes away, the capture ends ({@link #ended()}).
 */
public final class Capture implements AutoCloseable {
    private static final int POLL_MILLIS = 100;

    private final String namespace;
    private final String ifname;
    private final Filter filter;
    private final int limit;
    private final int keep;
    private final Consumer<Packet> listener;
    private final PcapWriter pcap;
    private final int fd;
    private final int ifindex;
    private final LinkType linkType;
    private final PacketDecoder decoder;
    private final ArrayDeque<Packet> kept = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean stopping;
    private int count;
    private String endReason;
    private RuntimeException failure;
    private PacketSockets.Statistics statistics;

    private Capture(Builder b, CaptureSocket opened) {
        this.namespace = b.namespace;
        this.ifname = b.ifname;
        this.filter = b.filter;
        this.limit = b.limit;
        this.keep = b.keep;
        this.listener = b.listener;
        this.fd = opened.fd();
        this.ifindex = opened.ifindex();
        this.linkType = LinkType.ofHardwareType(opened.hardwareType());
        this.decoder = new PacketDecoder(linkType);
        this.pcap = b.pcapFile != null ? PcapWriter.create(b.pcapFile, linkType)
                : b.pcapStream != null ? new PcapWriter(b.pcapStream, linkType) : null;
        this.thread = new Thread(this::run, "nslab-capture-" + namespace + "-" + ifname);
        thread.setDaemon(true);
    }

    /** Starts capturing every packet of {@code ifname} in namespace {@code namespace}. */
    public static Capture start(String namespace, String ifname) {
        return on(namespace, ifname).start();
    }

    /** Starts capturing the packets of {@code ifname} in {@code namespace} that {@code filter} keeps (see {@link Filter}). */
    public static Capture start(String namespace, String ifname, String filter) {
        return on(namespace, ifname).filter(filter).start();
    }

    /** A capture to configure, then {@link Builder#start()}. */
    public static Builder on(String namespace, String ifname) {
        return new Builder(namespace, ifname);
    }

    /** What to capture and where the packets go. */
    public static final class Builder {
        private final String namespace;
        private final String ifname;
        private Filter filter = Filter.ALL;
        private int limit;
        private int keep = 10_000;
        private Consumer<Packet> listener = p -> { };
        private Path pcapFile;
        private OutputStream pcapStream;

        private Builder(String namespace, String ifname) {
            this.namespace = Names.requireNamespace(namespace);
            this.ifname = Names.requireInterface(ifname);
        }

        /** Keeps only the packets these filter words match ({@link Filter}). */
        public Builder filter(String words) {
            return filter(Filter.parse(words));
        }

        public Builder filter(Filter filter) {
            this.filter = Objects.requireNonNull(filter);
            return this;
        }

        /** Ends the capture by itself after {@code count} packets (0: no limit), as {@code tcpdump -c}. */
        public Builder limit(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("a packet count cannot be negative: " + count);
            }
            this.limit = count;
            return this;
        }

        /** How many packets {@link #packets()} keeps, the latest ones (10,000 unless told; 0: none). */
        public Builder keep(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("cannot keep a negative number of packets: " + count);
            }
            this.keep = count;
            return this;
        }

        /** Called on the capture's thread with each packet the filter keeps, in order. */
        public Builder onPacket(Consumer<Packet> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Writes the packets the filter keeps to a nanosecond pcap file (replaced if it exists). */
        public Builder pcap(Path file) {
            this.pcapFile = Objects.requireNonNull(file);
            return this;
        }

        /** Writes the packets the filter keeps, as a pcap stream, to {@code out} (closed with the capture). */
        public Builder pcap(OutputStream out) {
            this.pcapStream = Objects.requireNonNull(out);
            return this;
        }

        /**
         * Opens the socket in the namespace and starts the capture; every frame after this returns is seen.
         *
         * @throws UnknownTargetException when there is no such namespace or interface
         */
        public Capture start() {
            CaptureSocket opened = CaptureSocket.open(namespace, ifname);
            Capture capture;
            try {
                capture = new Capture(this, opened);
            } catch (RuntimeException e) {
                Fds.closeQuietly(opened.fd());
                throw e;
            }
            capture.thread.start();
            return capture;
        }
    }

    public String namespace() {
        return namespace;
    }

    public String ifname() {
        return ifname;
    }

    /** How the interface's frames begin (and what the pcap file says they are). */
    public LinkType linkType() {
        return linkType;
    }

    public Filter filter() {
        return filter;
    }

    /** The packets the filter kept so far, oldest first (the latest {@link Builder#keep} of them). */
    public synchronized List<Packet> packets() {
        return List.copyOf(kept);
    }

    /** Their lines, as {@code nslab capture} prints them: for a test's failure message. */
    public List<String> lines() {
        return packets().stream().map(Packet::line).toList();
    }

    /** How many packets the filter kept so far (more than {@link #packets()} holds once it forgot some). */
    public synchronized int count() {
        return count;
    }

    /** The first kept packet that matches, seen already or not, waiting up to {@code timeout}; empty if none came. */
    public Optional<Packet> waitFor(Predicate<? super Packet> condition, Duration timeout) {
        long start = System.nanoTime();
        long patience = nanos(timeout);
        long unexamined = 0; // the number (in capture order) of the first packet not yet examined
        synchronized (this) {
            while (true) {
                long number = count - kept.size();
                for (Packet p : kept) {
                    if (number++ >= unexamined && condition.test(p)) {
                        return Optional.of(p);
                    }
                }
                unexamined = count;
                long left = patience - (System.nanoTime() - start);
                if (left <= 0 || endReason != null) {
                    return Optional.empty();
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * The first kept packet that matches, seen already or within {@code timeout}; an
     * {@link AssertionError} listing what was captured when none did (a test's failure).
     */
    public Packet await(Predicate<? super Packet> condition, Duration timeout) {
        return waitFor(condition, timeout).orElseThrow(() -> new AssertionError(notSeen("no packet matched", timeout)));
    }

    /** {@link #await(Predicate, Duration)} with filter words: {@code await("icmp and src host 10.0.0.1", ...)}. */
    public Packet await(String filterWords, Duration timeout) {
        Filter f = Filter.parse(filterWords);
        return waitFor(f, timeout).orElseThrow(() -> new AssertionError(notSeen("no packet matched '" + f + "'", timeout)));
    }

    private String notSeen(String what, Duration timeout) {
        List<String> lines = lines();
        String end;
        synchronized (this) {
            end = endReason == null ? "" : "; the capture ended: " + endReason;
        }
        return what + " within " + timeout.toMillis() + " ms on " + namespace + "/" + ifname + end + "; "
                + (lines.isEmpty() ? "nothing was captured" : lines.size() + " captured:\n  " + String.join("\n  ", lines));
    }

    /** Waits until the capture ends by itself (its limit, a failure, the interface gone) or is closed; false on time-out. */
    public boolean awaitEnd(Duration timeout) {
        long start = System.nanoTime();
        long patience = nanos(timeout);
        synchronized (this) {
            while (endReason == null) {
                long left = patience - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public synchronized String toString() {
        return "capture on " + namespace + "/" + ifname + (filter == Filter.ALL ? "" : " of '" + filter + "'") + ": "
                + count + (count == 1 ? " packet" : " packets") + (endReason == null ? "" : ", ended: " + endReason);
    }

    /** A time-out in nanoseconds, a century or more taken as forever (Duration.toNanos would overflow). */
    private static long nanos(Duration timeout) {
        return timeout.compareTo(Duration.ofDays(36500)) >= 0 ? Long.MAX_VALUE : Math.max(0, timeout.toNanos());
    }

    /** Why the capture ended, or null while it runs. */
    public synchronized String ended() {
        return endReason;
    }

    /** What ended the capture if it failed (a receive error), or null. */
    public synchronized RuntimeException failure() {
        return failure;
    }

    /** Asks the capture to end soon, without waiting (safe from a signal handler); {@link #close()} still to follow. */
    public void stop() {
        stopping = true;
    }

    /** Frames the kernel dropped because the capture did not read them in time (known after {@link #close()}). */
    public synchronized long dropped() {
        return statistics == null ? 0 : statistics.dropped();
    }

    /**
     * Stops the capture: the frames queued until now are still decoded, the pcap file is
     * flushed and closed, the socket closed (releasing the namespace).
     */
    @Override
    public void close() {
        stopping = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (this) {
            if (statistics == null) {
                try {
                    statistics = PacketSockets.statistics(fd);
                } catch (SysException e) {
                    statistics = new PacketSockets.Statistics(0, 0);
                }
                Fds.closeQuietly(fd);
                if (pcap != null) {
                    pcap.close();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        PacketSockets.Receiver receiver = new PacketSockets.Receiver(fd, PcapWriter.SNAPLEN);
        try {
            while (!stopping) {
                if (receiver.awaitFrame(POLL_MILLIS) && !drain(receiver)) {
                    return;
                }
                if (pcap != null) {
                    pcap.flush();
                }
            }
            drain(receiver); // what was queued before close() asked to stop
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
            }
        } finally {
            synchronized (this) {
                if (endReason == null) {
                    endReason = failure != null ? "failed: " + failure.getMessage() : "closed";
                }
                notifyAll();
            }
        }
    }

    /** Handles every queued frame; false when the capture is over (limit reached, interface gone). */
    private boolean drain(PacketSockets.Receiver receiver) {
        while (true) {
            PacketSockets.Frame frame;
            try {
                frame = receiver.receive();
            } catch (SysException e) {
                if (!e.is(Errno.ENETDOWN)) {
                    throw e;
                }
                // The link went down (it comes back with the link) or was deleted (it never does).
                if (interfaceGone()) {
                    synchronized (this) {
                        endReason = "interface " + ifname + " is gone from " + namespace;
                    }
                    return false;
                }
                continue;
            }
            if (frame == null) {
                return true;
            }
            Packet packet = decoder.decode(frame.data(), frame.originalLength(), frame.epochNanos(),
                    Direction.ofPacketType(frame.packetType()));
            if (!filter.test(packet)) {
                continue;
            }
            if (pcap != null) {
                pcap.write(packet.epochNanos(), frame.data(), frame.originalLength());
            }
            listener.accept(packet);
            synchronized (this) {
                count++;
                if (keep > 0) {
                    if (kept.size() == keep) {
                        kept.removeFirst();
                    }
                    kept.addLast(packet);
                }
                notifyAll();
                if (limit > 0 && count >= limit) {
                    endReason = "limit of " + limit + " packets reached";
                    return false;
                }
            }
        }
    }

    private boolean interfaceGone() {
        try {
            return PacketSockets.interfaceIndex(fd, ifname) != ifindex;
        } catch (SysException e) {
            return true;
        }
    }
}
