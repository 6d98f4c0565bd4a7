package dev.nslab.sys;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

import java.nio.ByteBuffer;

import static dev.nslab.sys.Sys.address;
import static dev.nslab.sys.Sys.allocateNative;
import static dev.nslab.sys.Sys.check;
import static dev.nslab.sys.Sys.errno;
import static dev.nslab.sys.Sys.libc;
import static dev.nslab.sys.Sys.pointerTo;

/**
 * Sockets: making one (close-on-exec), its options, netlink datagrams to and from the kernel,
 * IPv4/IPv6 datagrams (the ICMP echo probe), and the namespace a socket was made in. The
 * daemon's AF_UNIX socket is {@link UnixSockets}. What the netlink calls rely on:
 * docs/kernel-facts.md, "Netlink".
 */
public final class Sockets {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    /** SIOCGSKNS: an fd to the network namespace a socket was created in. */
    private static final long SIOCGSKNS = 0x894CL;

    /**
     * Per-thread room for a sockaddr_nl (0..11), an iovec (16..31) and a msghdr (32..87):
     * allocating direct memory on every send would cost more than the send.
     */
    private static final ThreadLocal<ByteBuffer> MSGHDR_SCRATCH = ThreadLocal.withInitial(() -> allocateNative(96));

    private Sockets() {
    }

    public static int socket(int domain, int type, int protocol) {
        return check("socket(2)", libc().socket(domain, type | SOCK_CLOEXEC, protocol),
                "domain=" + domain + " type=" + type + " protocol=" + protocol);
    }

    public static void setsockoptInt(int fd, int level, int option, int value) {
        ByteBuffer v = allocateNative(4).putInt(0, value);
        check("setsockopt(2)", libc().setsockopt(fd, level, option, pointerTo(v), 4),
                "fd=" + fd + " level=" + level + " option=" + option + " value=" + value);
    }

    public static int getsockoptInt(int fd, int level, int option) {
        ByteBuffer v = allocateNative(4);
        IntByReference len = new IntByReference(4);
        check("getsockopt(2)", libc().getsockopt(fd, level, option, pointerTo(v), len),
                "fd=" + fd + " level=" + level + " option=" + option);
        return v.getInt(0);
    }

    /** Sets a receive time-out, so that a blocking recv can never hang forever. */
    public static void setReceiveTimeout(int fd, long millis) {
        ByteBuffer tv = allocateNative(16).putLong(0, millis / 1000).putLong(8, (millis % 1000) * 1000);
        check("setsockopt(2)", libc().setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, pointerTo(tv), 16),
                "fd=" + fd + " SO_RCVTIMEO=" + millis + "ms");
    }

    /** SIOCGSKNS: opens the network namespace the socket {@code fd} belongs to. */
    public static int socketNamespace(int fd) {
        return check("ioctl(SIOCGSKNS)", libc().ioctl(fd, SIOCGSKNS, null), "fd=" + fd);
    }

    // ---- netlink -------------------------------------------------------------------------

    /** Binds a netlink socket ({@code struct sockaddr_nl}) and returns the port id the kernel gave it. */
    public static int bindNetlink(int fd, int groups) {
        ByteBuffer sa = allocateNative(12);
        sa.putShort(0, (short) AF_NETLINK).putInt(4, 0).putInt(8, groups);
        check("bind(2)", libc().bind(fd, pointerTo(sa), 12), "fd=" + fd + " AF_NETLINK groups=0x" + Integer.toHexString(groups));
        IntByReference len = new IntByReference(12);
        check("getsockname(2)", libc().getsockname(fd, pointerTo(sa), len), "fd=" + fd);
        return sa.getInt(4);
    }

    /**
     * Sends {@code data} (position to limit, a direct buffer) to the kernel (netlink port 0)
     * in one {@code sendmsg(2)}.
     */
    public static void sendNetlink(int fd, ByteBuffer data) {
        int length = data.remaining();
        ByteBuffer scratch = MSGHDR_SCRATCH.get();
        long base = address(scratch);
        // sockaddr_nl to the kernel: pid 0, groups 0. All of it, every time: a receive on this
        // thread wrote its sender's address into the same bytes (a multicast's groups, a forged
        // sender's port), and a send to those would go astray (ECONNREFUSED).
        scratch.putShort(0, (short) AF_NETLINK).putShort(2, (short) 0).putInt(4, 0).putInt(8, 0);
        long dataAddress = address(data) + data.position();
        scratch.putLong(16, dataAddress).putLong(24, length); // struct iovec
        scratch.putLong(32, base).putInt(40, 12)               // msg_name, msg_namelen
                .putLong(48, base + 16).putLong(56, 1)          // msg_iov, msg_iovlen
                .putLong(64, 0).putLong(72, 0).putInt(80, 0);   // no control data
        Pointer msghdr = pointerTo(scratch, 32, 56);
        while (true) {
            long n = libc().sendmsg(fd, msghdr, 0);
            if (n >= 0) {
                if (n != length) {
                    throw new SysException("sendmsg(2)", Errno.EMSGSIZE.number, "fd=" + fd + " sent " + n + " of " + length + " bytes");
                }
                return;
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("sendmsg(2)", e, "fd=" + fd + " length=" + length);
            }
        }
    }

    /** What one {@code recvmsg(2)} on a netlink socket brought. */
    public record NetlinkDatagram(int length, int senderPort, boolean truncated) {
    }

    /**
     * Receives one datagram into {@code into} (a direct buffer, from 0). Returns null when
     * {@code dontWait} and nothing is queued, or when the receive time-out ran out.
     * Throws {@link SysException} with ENOBUFS when the kernel dropped messages.
     */
    public static NetlinkDatagram receiveNetlink(int fd, ByteBuffer into, boolean dontWait) {
        ByteBuffer scratch = MSGHDR_SCRATCH.get();
        long base = address(scratch);
        scratch.putLong(16, address(into)).putLong(24, into.capacity());
        scratch.putLong(32, base).putInt(40, 12)
                .putLong(48, base + 16).putLong(56, 1)
                .putLong(64, 0).putLong(72, 0).putInt(80, 0);
        Pointer msghdr = pointerTo(scratch, 32, 56);
        int flags = MSG_TRUNC | (dontWait ? MSG_DONTWAIT : 0);
        while (true) {
            long n = libc().recvmsg(fd, msghdr, flags);
            if (n >= 0) {
                int msgFlags = scratch.getInt(80);
                boolean truncated = (msgFlags & MSG_TRUNC) != 0 || n > into.capacity();
                return new NetlinkDatagram((int) Math.min(n, into.capacity()), scratch.getInt(4), truncated);
            }
            int e = errno();
            if (e == Errno.EINTR.number) {
                continue;
            }
            if (e == Errno.EAGAIN.number) {
                return null;
            }
            throw new SysException("recvmsg(2)", e, "fd=" + fd);
        }
    }

    // ---- IPv4 and IPv6 -------------------------------------------------------------------

    /** Binds an AF_INET/AF_INET6 socket to an address given as raw bytes (4 or 16). */
    public static void bindInet(int fd, byte[] address, int port) {
        ByteBuffer sa = inetSockaddr(address, port);
        check("bind(2)", libc().bind(fd, pointerTo(sa), sa.capacity()), "fd=" + fd);
    }

    private static ByteBuffer inetSockaddr(byte[] address, int port) {
        ByteBuffer sa;
        if (address.length == 4) {
            sa = allocateNative(16);
            sa.putShort(0, (short) AF_INET);
            sa.put(2, (byte) (port >> 8)).put(3, (byte) port);
            sa.put(4, address);
        } else {
            sa = allocateNative(28);
            sa.putShort(0, (short) AF_INET6);
            sa.put(2, (byte) (port >> 8)).put(3, (byte) port);
            sa.put(8, address);
        }
        return sa;
    }

    /** Sends a datagram to an IPv4/IPv6 address (used by the ICMP echo probe). */
    public static void sendTo(int fd, ByteBuffer data, byte[] address, int port) {
        sendTo(fd, data, address, port, 0);
    }

    /** Sends a datagram to an IPv4/IPv6 address; {@code scopeId} is the IPv6 interface index (0: none). */
    public static void sendTo(int fd, ByteBuffer data, byte[] address, int port, int scopeId) {
        ByteBuffer sa = inetSockaddr(address, port);
        if (address.length == 16) {
            sa.putInt(24, scopeId);
        }
        long n = libc().sendto(fd, pointerTo(data.slice()), data.remaining(), 0, pointerTo(sa), sa.capacity());
        if (n < 0) {
            throw new SysException("sendto(2)", errno(), "fd=" + fd);
        }
    }

    /** What one {@code recvfrom(2)} on an IPv4/IPv6 socket brought: its length and the sender's address (4 or 16 bytes). */
    public record InetDatagram(int length, byte[] source) {
    }

    /**
     * Receives one datagram without waiting (MSG_DONTWAIT) and tells who sent it; null when nothing
     * is queued. Used by the ICMP echo probe after {@link Fds#pollReadable} said the socket is readable.
     */
    public static InetDatagram recvFrom(int fd, ByteBuffer into) {
        ByteBuffer sa = allocateNative(28);
        IntByReference len = new IntByReference(28);
        while (true) {
            long n = libc().recvfrom(fd, pointerTo(into), into.capacity(), MSG_DONTWAIT, pointerTo(sa), len);
            if (n >= 0) {
                int family = sa.getShort(0) & 0xffff;
                byte[] source = new byte[family == AF_INET6 ? 16 : 4];
                sa.get(family == AF_INET6 ? 8 : 4, source);
                return new InetDatagram((int) Math.min(n, into.capacity()), source);
            }
            int e = errno();
            if (e == Errno.EINTR.number) {
                continue;
            }
            if (e == Errno.EAGAIN.number) {
                return null;
            }
            throw new SysException("recvfrom(2)", e, "fd=" + fd);
        }
    }

    /** Receives one datagram; returns its length, or -1 on time-out (SO_RCVTIMEO) or would-block. */
    public static int recv(int fd, ByteBuffer into, int flags) {
        while (true) {
            long n = libc().recvfrom(fd, pointerTo(into), into.capacity(), flags, null, null);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e == Errno.EINTR.number) {
                continue;
            }
            if (e == Errno.EAGAIN.number) {
                return -1;
            }
            throw new SysException("recvfrom(2)", e, "fd=" + fd);
        }
    }
}
