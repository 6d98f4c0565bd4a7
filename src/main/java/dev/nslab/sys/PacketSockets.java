package dev.nslab.sys;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * AF_PACKET sockets: every frame one interface sends or receives, with the kernel's time stamp,
 * opened as libpcap opens them on Linux ({@code pcap-linux.c}): {@code socket(AF_PACKET,
 * SOCK_RAW, 0)}, so that no frame of another interface arrives before the bind; then a bind to
 * the interface's index with {@code ETH_P_ALL}; {@code SO_TIMESTAMPNS} for nanosecond stamps.
 * <p>
 * A socket belongs to the network namespace of the thread that creates it, and so does the
 * interface name it looks up (kernel-facts.md): create it on a thread inside the namespace.
 */
public final class PacketSockets {
    public static final int AF_PACKET = 17;
    public static final int ETH_P_ALL = 0x0003;
    /** {@code sll_pkttype}: to us, broadcast, multicast, to another host, sent by us. */
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;
    /** {@code sll_hatype} (ARPHRD_*): frames with an Ethernet header, or bare IP (a tun device). */
    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;
    public static final int ARPHRD_NONE = 0xfffe;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_STATISTICS = 6;
    /** SO_TIMESTAMPNS_OLD: a {@code struct timespec} of two longs on 64-bit Linux. */
    private static final int SO_TIMESTAMPNS = 35;
    private static final long SIOCGIFINDEX = 0x8933;
    private static final int SOCKADDR_LL_SIZE = 20;

    private PacketSockets() {
    }

    /** A packet socket that receives nothing until {@link #bind}; close-on-exec. */
    public static int open() {
        return Sockets.socket(AF_PACKET, Sockets.SOCK_RAW, 0);
    }

    /**
     * The index of interface {@code name} in the namespace of socket {@code fd} (SIOCGIFINDEX),
     * as {@code if_nametoindex(3)} would answer on a thread in that namespace.
     *
     * @throws SysException ENODEV when the namespace has no such interface
     */
    public static int interfaceIndex(int fd, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 15) {
            throw new IllegalArgumentException("interface name longer than 15 bytes: " + name);
        }
        ByteBuffer ifreq = Sys.allocateNative(40).put(0, bytes); // struct ifreq: name[16], then ifindex
        Sys.check("ioctl(SIOCGIFINDEX)", Sys.libc().ioctl(fd, SIOCGIFINDEX, Sys.pointerTo(ifreq)), "name=" + name);
        return ifreq.getInt(16);
    }

    /**
     * Binds {@code fd} to every protocol ({@code ETH_P_ALL}) of interface {@code ifindex} and returns
     * its hardware type ({@code sll_hatype}: {@link #ARPHRD_ETHER}, {@link #ARPHRD_NONE}, ...).
     */
    public static int bind(int fd, int ifindex) {
        ByteBuffer sll = Sys.allocateNative(SOCKADDR_LL_SIZE);
        sll.putShort(0, (short) AF_PACKET)
                .putShort(2, Short.reverseBytes((short) ETH_P_ALL)) // network byte order
                .putInt(4, ifindex);
        Sys.check("bind(2)", Sys.libc().bind(fd, Sys.pointerTo(sll), SOCKADDR_LL_SIZE),
                "fd=" + fd + " AF_PACKET ifindex=" + ifindex);
        IntByReference len = new IntByReference(SOCKADDR_LL_SIZE);
        Sys.check("getsockname(2)", Sys.libc().getsockname(fd, Sys.pointerTo(sll), len), "fd=" + fd);
        return sll.getShort(8) & 0xffff;
    }

    /** Asks for the kernel's receive time of each frame, in nanoseconds (SO_TIMESTAMPNS). */
    public static void timestampNanos(int fd) {
        Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, SO_TIMESTAMPNS, 1);
    }

    /** What the kernel counted since the last call (reading PACKET_STATISTICS resets it). */
    public record Statistics(long received, long dropped) {
    }

    public static Statistics statistics(int fd) {
        ByteBuffer stats = Sys.allocateNative(8); // struct tpacket_stats { unsigned tp_packets, tp_drops; }
        IntByReference len = new IntByReference(8);
        Sys.check("getsockopt(PACKET_STATISTICS)",
                Sys.libc().getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, Sys.pointerTo(stats), len), "fd=" + fd);
        return new Statistics(Integer.toUnsignedLong(stats.getInt(0)), Integer.toUnsignedLong(stats.getInt(4)));
    }

    /**
     * One frame as received: its bytes (at most the receiver's capacity), its length on the wire,
     * the kernel's time stamp (nanoseconds since the epoch) and {@code sll_pkttype}.
     */
    public record Frame(byte[] data, int originalLength, long epochNanos, int packetType) {
    }

    /**
     * Receives frames from one packet socket into buffers of its own: a {@code struct msghdr}
     * with one iovec, room for the sender's {@code sockaddr_ll} and for the time stamp's cmsg.
     * Used by one thread at a time.
     */
    public static final class Receiver {
        // Layout of the header buffer: msghdr (0..55), iovec (56..71), sockaddr_ll (72..95), control (96..159).
        private static final int IOVEC = 56;
        private static final int NAME = 72;
        private static final int CONTROL = 96;
        private static final int CONTROL_SIZE = 64;
        private final int fd;
        private final ByteBuffer data;
        private final ByteBuffer header = Sys.allocateNative(CONTROL + CONTROL_SIZE);
        private final Pointer msghdr;

        public Receiver(int fd, int capacity) {
            this.fd = fd;
            this.data = Sys.allocateNative(capacity);
            long base = Sys.address(header);
            header.putLong(IOVEC, Sys.address(data)).putLong(IOVEC + 8, capacity);
            header.putLong(0, base + NAME);
            header.putLong(16, base + IOVEC).putLong(24, 1);
            header.putLong(32, base + CONTROL);
            this.msghdr = Sys.pointerTo(header);
        }

        /** Waits up to {@code timeoutMillis} for a frame to be queued; false on time-out. */
        public boolean awaitFrame(int timeoutMillis) {
            return Fds.pollReadable(fd, timeoutMillis);
        }

        /** The next queued frame, or null when none is queued (never waits). */
        public Frame receive() {
            while (true) {
                // The kernel rewrites the lengths on every call: set them afresh.
                header.putInt(8, SOCKADDR_LL_SIZE).putLong(40, CONTROL_SIZE).putInt(48, 0);
                long n = Sys.libc().recvmsg(fd, msghdr, Sockets.MSG_TRUNC | Sockets.MSG_DONTWAIT);
                if (n >= 0) {
                    byte[] bytes = new byte[(int) Math.min(n, data.capacity())];
                    data.get(0, bytes);
                    int packetType = header.get(NAME + 10) & 0xff;
                    // With MSG_TRUNC a packet socket returns the frame's full length, even when longer than the buffer.
                    return new Frame(bytes, (int) Math.min(n, Integer.MAX_VALUE), timestamp(), packetType);
                }
                int e = Sys.errno();
                if (e == Errno.EAGAIN.number) {
                    return null;
                }
                if (e != Errno.EINTR.number) {
                    throw new SysException("recvmsg(2)", e, "fd=" + fd + " AF_PACKET");
                }
            }
        }

        /** The SCM_TIMESTAMPNS cmsg's time, or the time now if the kernel sent none. */
        private long timestamp() {
            long controlLength = header.getLong(40);
            int at = 0;
            while (at + 16 <= controlLength) {
                long cmsgLen = header.getLong(CONTROL + at);
                int level = header.getInt(CONTROL + at + 8);
                int type = header.getInt(CONTROL + at + 12);
                if (cmsgLen < 16 || at + cmsgLen > controlLength) {
                    break;
                }
                if (level == Sockets.SOL_SOCKET && type == SO_TIMESTAMPNS && cmsgLen >= 32) {
                    return header.getLong(CONTROL + at + 16) * 1_000_000_000L + header.getLong(CONTROL + at + 24);
                }
                at += (int) ((cmsgLen + 7) & ~7L);
            }
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    }
}
