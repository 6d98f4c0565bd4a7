package dev.nslab.sys;

import com.kenai.jffi.MemoryIO;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checked wrappers over the C library: a negative return becomes a {@link SysException}
 * naming the call, the errno and the arguments; EINTR is retried.
 * <p>
 * Everything else in nslab calls the kernel through here; no other package imports jnr-ffi.
 * Memory handed to the kernel is a direct {@link ByteBuffer}, so callers stay in plain Java.
 */
public final class Sys {
    // socket(2)
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
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_RCVTIMEO = 20;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    // open(2)
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int AT_FDCWD = -100;
    // namespaces and mounts
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final long MS_RDONLY = 1;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
    /** statfs f_type of an nsfs file: a bind-mounted namespace. */
    public static final long NSFS_MAGIC = 0x6e736673L;
    // tun/tap
    public static final long TUNSETIFF = 0x400454caL;
    public static final long TUNSETPERSIST = 0x400454cbL;
    public static final long TUNSETOWNER = 0x400454ccL;
    public static final short IFF_TUN = 0x0001;
    public static final short IFF_TAP = 0x0002;
    public static final short IFF_NO_PI = 0x1000;
    // x86_64 and aarch64 share these (the generic syscall table numbers for new calls)
    private static final long SYS_GETTID = isAarch64() ? 178 : 186;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_GETFD = 438;
    /** SIOCGSKNS: an fd to the network namespace a socket was created in. */
    private static final long SIOCGSKNS = 0x894CL;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGINT = 2;
    public static final int SIGHUP = 1;

    private Sys() {
    }

    /**
     * Per-thread room for a sockaddr_nl (0..11), an iovec (16..31) and a msghdr (32..87):
     * allocating direct memory on every send would cost more than the send.
     */
    private static final ThreadLocal<ByteBuffer> MSGHDR_SCRATCH = ThreadLocal.withInitial(() -> allocateNative(96));

    /** Loads libc once, on first use, so that unprivileged tools (plan, graph) never pay for it. */
    private static final class Holder {
        static final LibC LIBC = load();
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
        static final MemoryIO MEMORY_IO = MemoryIO.getInstance();
    }

    /**
     * jnr-ffi's default generates bytecode stubs for every LibC method when the library loads:
     * about 0.2 s of a run that makes a few thousand calls. Its reflective invoker loads in a
     * third of that and costs about 1 us more per call (0.25 vs 1 us, measured), so it wins
     * until a run makes some 150,000 calls. {@code -Djnr.ffi.asm.enabled=true} restores the stubs.
     */
    private static LibC load() {
        if (System.getProperty("jnr.ffi.asm.enabled") == null) {
            System.setProperty("jnr.ffi.asm.enabled", "false");
        }
        return LibraryLoader.create(LibC.class).load("c");
    }

    /** The bound C library: for the wrappers of this package only. */
    static LibC libc() {
        return Holder.LIBC;
    }

    private static Runtime runtime() {
        return Holder.RUNTIME;
    }

    static int errno() {
        return LastError.getLastError(runtime());
    }

    private static boolean isAarch64() {
        return "aarch64".equals(System.getProperty("os.arch"));
    }

    static Pointer pointerTo(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("the kernel needs a direct ByteBuffer");
        }
        long address = Holder.MEMORY_IO.getDirectBufferAddress(direct);
        return Pointer.wrap(runtime(), address, direct.capacity());
    }

    /** The native address of a direct buffer's first byte, for structs that point at other memory (an iovec). */
    static long addressOf(ByteBuffer direct) {
        return Holder.MEMORY_IO.getDirectBufferAddress(direct);
    }

    /** A direct buffer in the machine's byte order, as the kernel reads structs. */
    public static ByteBuffer allocateNative(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    static String strerror(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 3 -> "No such process";
            case 4 -> "Interrupted system call";
            case 9 -> "Bad file descriptor";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 16 -> "Device or resource busy";
            case 17 -> "File exists";
            case 19 -> "No such device";
            case 20 -> "Not a directory";
            case 22 -> "Invalid argument";
            case 24 -> "Too many open files";
            case 34 -> "Numerical result out of range";
            case 36 -> "File name too long";
            case 38 -> "Function not implemented";
            case 40 -> "Too many levels of symbolic links";
            case 61 -> "No data available";
            case 90 -> "Message too long";
            case 92 -> "Protocol not available";
            case 93 -> "Protocol not supported";
            case 95 -> "Operation not supported";
            case 97 -> "Address family not supported by protocol";
            case 98 -> "Address already in use";
            case 99 -> "Cannot assign requested address";
            case 101 -> "Network is unreachable";
            case 105 -> "No buffer space available";
            case 107 -> "Transport endpoint is not connected";
            case 110 -> "Connection timed out";
            case 111 -> "Connection refused";
            case 113 -> "No route to host";
            default -> Errno.name(errno);
        };
    }

    static int check(String call, int rc, String args) {
        if (rc < 0) {
            throw new SysException(call, errno(), args);
        }
        return rc;
    }

    // ---- files ---------------------------------------------------------------------------

    public static int open(String path, int flags, int mode) {
        while (true) {
            int fd = libc().open(path, flags | O_CLOEXEC, mode);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("open(2)", e, "path=" + path + " flags=0" + Integer.toOctalString(flags));
            }
        }
    }

    public static void close(int fd) {
        // Never retry close on EINTR: on Linux the fd is gone either way.
        if (libc().close(fd) < 0) {
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("close(2)", e, "fd=" + fd);
            }
        }
    }

    /** Closes without throwing: for clean-up paths where the first error is the one to report. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }

    public static void mkdir(String path, int mode) {
        check("mkdir(2)", libc().mkdir(path, mode), "path=" + path);
    }

    public static void unlink(String path) {
        check("unlink(2)", libc().unlink(path), "path=" + path);
    }

    /** Writes all of {@code text} to the file, as {@code echo -n text > path} would. */
    public static void writeFile(String path, String text) {
        int fd = open(path, O_WRONLY, 0);
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = allocateNative(bytes.length).put(bytes).flip();
            long n;
            do {
                n = libc().write(fd, pointerTo(buf), bytes.length);
            } while (n < 0 && errno() == Errno.EINTR.number);
            if (n < 0) {
                throw new SysException("write(2)", errno(), "path=" + path + " value=" + text.strip());
            }
        } finally {
            closeQuietly(fd);
        }
    }

    /** Reads a small file whole, as sysctl and /proc files are read. */
    public static String readFile(String path) {
        int fd = open(path, O_RDONLY, 0);
        try {
            ByteBuffer buf = allocateNative(65536);
            StringBuilder out = new StringBuilder();
            while (true) {
                long n = libc().read(fd, pointerTo(buf), buf.capacity());
                if (n < 0) {
                    if (errno() == Errno.EINTR.number) {
                        continue;
                    }
                    throw new SysException("read(2)", errno(), "path=" + path);
                }
                if (n == 0) {
                    return out.toString();
                }
                byte[] bytes = new byte[(int) n];
                buf.get(0, bytes);
                out.append(new String(bytes, StandardCharsets.UTF_8));
            }
        } finally {
            closeQuietly(fd);
        }
    }

    public static void flock(int fd, int operation) {
        while (libc().flock(fd, operation) < 0) {
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("flock(2)", e, "fd=" + fd + " op=" + operation);
            }
        }
    }

    /** The file system type (statfs f_type) of an open file, e.g. {@link #NSFS_MAGIC}. */
    public static long fstatfsType(int fd) {
        ByteBuffer buf = allocateNative(120); // struct statfs is 120 bytes on 64-bit Linux
        check("fstatfs(2)", libc().fstatfs(fd, pointerTo(buf)), "fd=" + fd);
        return buf.getLong(0);
    }

    // ---- namespaces and mounts -----------------------------------------------------------

    public static void setns(int fd, int nsType) {
        check("setns(2)", libc().setns(fd, nsType), "fd=" + fd + " nstype=0x" + Integer.toHexString(nsType));
    }

    public static void unshare(int flags) {
        check("unshare(2)", libc().unshare(flags), "flags=0x" + Integer.toHexString(flags));
    }

    public static void mount(String source, String target, String fsType, long flags) {
        check("mount(2)", libc().mount(source, target, fsType, flags, null),
                "source=" + source + " target=" + target + " type=" + fsType + " flags=0x" + Long.toHexString(flags));
    }

    /** Like {@link #mount}, but returns the errno instead of throwing (0 on success). */
    public static int tryMount(String source, String target, String fsType, long flags) {
        return libc().mount(source, target, fsType, flags, null) < 0 ? errno() : 0;
    }

    /** umount2(target, MNT_DETACH), returning the errno instead of throwing (0 on success). */
    public static int tryUmountDetach(String target) {
        return libc().umount2(target, MNT_DETACH) < 0 ? errno() : 0;
    }

    public static void umount2(String target, int flags) {
        check("umount2(2)", libc().umount2(target, flags), "target=" + target + " flags=" + flags);
    }

    /** NS_GET_NSTYPE: which kind of namespace an nsfs fd refers to (e.g. {@link #CLONE_NEWNET}). */
    public static int namespaceType(int fd) {
        return check("ioctl(NS_GET_NSTYPE)", libc().ioctl(fd, 0xb703L, null), "fd=" + fd);
    }

    public static int gettid() {
        return (int) libc().syscall(SYS_GETTID, 0, 0, 0, 0);
    }

    // ---- processes -----------------------------------------------------------------------

    /** A file descriptor that names one process for good: signals through it never hit a reused PID. */
    public static int pidfdOpen(int pid) {
        long rc = libc().syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
        if (rc < 0) {
            throw new SysException("pidfd_open(2)", errno(), "pid=" + pid);
        }
        return (int) rc;
    }

    public static void pidfdSendSignal(int pidfd, int signal) {
        long rc = libc().syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
        if (rc < 0) {
            throw new SysException("pidfd_send_signal(2)", errno(), "pidfd=" + pidfd + " signal=" + signal);
        }
    }

    /**
     * A copy, in this process, of file descriptor {@code targetFd} of the process behind
     * {@code pidfd} (needs ptrace rights over it: root has them).
     */
    public static int pidfdGetfd(int pidfd, int targetFd) {
        long rc = libc().syscall(SYS_PIDFD_GETFD, pidfd, targetFd, 0, 0);
        if (rc < 0) {
            throw new SysException("pidfd_getfd(2)", errno(), "pidfd=" + pidfd + " fd=" + targetFd);
        }
        return (int) rc;
    }

    /** SIOCGSKNS: opens the network namespace the socket {@code fd} belongs to. */
    public static int socketNamespace(int fd) {
        return check("ioctl(SIOCGSKNS)", libc().ioctl(fd, SIOCGSKNS, null), "fd=" + fd);
    }

    /**
     * Waits until at least one of {@code fds} is readable; returns which (empty on time-out).
     */
    public static boolean[] pollReadable(int[] fds, int timeoutMillis) {
        ByteBuffer pfd = allocateNative(8 * Math.max(1, fds.length));
        for (int i = 0; i < fds.length; i++) {
            pfd.putInt(8 * i, fds[i]).putShort(8 * i + 4, (short) 1 /* POLLIN */).putShort(8 * i + 6, (short) 0);
        }
        while (true) {
            int rc = libc().poll(pointerTo(pfd), fds.length, timeoutMillis);
            if (rc >= 0) {
                boolean[] ready = new boolean[fds.length];
                for (int i = 0; i < fds.length; i++) {
                    ready[i] = pfd.getShort(8 * i + 6) != 0;
                }
                return ready;
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("poll(2)", e, "fds=" + java.util.Arrays.toString(fds));
            }
        }
    }

    /** Waits until a pidfd is readable (its process exited); false on time-out. */
    public static boolean pollReadable(int fd, int timeoutMillis) {
        ByteBuffer pfd = allocateNative(8);
        pfd.putInt(0, fd).putShort(4, (short) 1 /* POLLIN */).putShort(6, (short) 0);
        while (true) {
            int rc = libc().poll(pointerTo(pfd), 1, timeoutMillis);
            if (rc >= 0) {
                return rc > 0;
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("poll(2)", e, "fd=" + fd);
            }
        }
    }

    // ---- sockets -------------------------------------------------------------------------

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

    /** Binds a netlink socket ({@code struct sockaddr_nl}) and returns the port id the kernel gave it. */
    public static int bindNetlink(int fd, int groups) {
        ByteBuffer sa = allocateNative(12);
        sa.putShort(0, (short) AF_NETLINK).putInt(4, 0).putInt(8, groups);
        check("bind(2)", libc().bind(fd, pointerTo(sa), 12), "fd=" + fd + " AF_NETLINK groups=0x" + Integer.toHexString(groups));
        IntByReference len = new IntByReference(12);
        check("getsockname(2)", libc().getsockname(fd, pointerTo(sa), len), "fd=" + fd);
        return sa.getInt(4);
    }

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

    /**
     * Sends {@code data} (position to limit, a direct buffer) to the kernel (netlink port 0)
     * in one {@code sendmsg(2)}.
     */
    public static void sendNetlink(int fd, ByteBuffer data) {
        int length = data.remaining();
        ByteBuffer scratch = MSGHDR_SCRATCH.get();
        long base = Holder.MEMORY_IO.getDirectBufferAddress(scratch);
        // sockaddr_nl to the kernel: pid 0, groups 0. All of it, every time: a receive on this
        // thread wrote its sender's address into the same bytes (a multicast's groups, a forged
        // sender's port), and a send to those would go astray (ECONNREFUSED).
        scratch.putShort(0, (short) AF_NETLINK).putShort(2, (short) 0).putInt(4, 0).putInt(8, 0);
        long dataAddress = Holder.MEMORY_IO.getDirectBufferAddress(data) + data.position();
        scratch.putLong(16, dataAddress).putLong(24, length); // struct iovec
        scratch.putLong(32, base).putInt(40, 12)               // msg_name, msg_namelen
                .putLong(48, base + 16).putLong(56, 1)          // msg_iov, msg_iovlen
                .putLong(64, 0).putLong(72, 0).putInt(80, 0);   // no control data
        Pointer msghdr = Pointer.wrap(runtime(), base + 32, 56);
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
        long base = Holder.MEMORY_IO.getDirectBufferAddress(scratch);
        scratch.putLong(16, Holder.MEMORY_IO.getDirectBufferAddress(into)).putLong(24, into.capacity());
        scratch.putLong(32, base).putInt(40, 12)
                .putLong(48, base + 16).putLong(56, 1)
                .putLong(64, 0).putLong(72, 0).putInt(80, 0);
        Pointer msghdr = Pointer.wrap(runtime(), base + 32, 56);
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
     * is queued. Used by the ICMP echo probe after {@link #pollReadable} said the socket is readable.
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

    // ---- AF_UNIX: the daemon's socket ---------------------------------------------------

    public static final int SO_PEERCRED = 17;
    private static final int SCM_RIGHTS = 1;
    private static final short POLLOUT = 0x4;

    /**
     * A listening AF_UNIX stream socket bound to {@code path} (which must not exist), as a
     * server's {@code socket; bind; listen}. The file's mode comes from the umask.
     */
    public static int listenUnix(String path, int backlog) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new IllegalArgumentException("socket path longer than 107 bytes: " + path);
        }
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        try {
            ByteBuffer sa = allocateNative(110); // struct sockaddr_un
            sa.putShort(0, (short) AF_UNIX).put(2, name).put(2 + name.length, (byte) 0);
            check("bind(2)", libc().bind(fd, pointerTo(sa), 2 + name.length + 1), "path=" + path);
            check("listen(2)", libc().listen(fd, backlog), "fd=" + fd);
            return fd;
        } catch (RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /** Accepts one connection (close-on-exec); EINTR retried. */
    public static int accept(int fd) {
        while (true) {
            int c = libc().accept4(fd, null, null, SOCK_CLOEXEC);
            if (c >= 0) {
                return c;
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("accept4(2)", e, "fd=" + fd);
            }
        }
    }

    /** Who is at the other end of an AF_UNIX socket ({@code struct ucred}, from SO_PEERCRED). */
    public record PeerCredentials(int pid, int uid, int gid) {
    }

    public static PeerCredentials peerCredentials(int fd) {
        ByteBuffer cred = allocateNative(12);
        IntByReference len = new IntByReference(12);
        check("getsockopt(SO_PEERCRED)", libc().getsockopt(fd, SOL_SOCKET, SO_PEERCRED, pointerTo(cred), len), "fd=" + fd);
        return new PeerCredentials(cred.getInt(0), cred.getInt(4), cred.getInt(8));
    }

    /** What one {@code recvmsg(2)} on a stream socket brought: bytes, and descriptors passed with them. */
    public record Received(int length, int[] fds) {
    }

    /**
     * Receives bytes into {@code into} (a direct buffer, from 0) and any descriptors sent with
     * them (SCM_RIGHTS, at most {@code maxFds}; they arrive close-on-exec). Length 0: end of stream.
     */
    public static Received receiveWithFds(int fd, ByteBuffer into, int maxFds) {
        int controlSize = 16 + 4 * maxFds + 8; // CMSG_SPACE(4 * maxFds), rounded up
        ByteBuffer control = allocateNative(controlSize);
        ByteBuffer hdr = allocateNative(16 + 56);
        long base = Holder.MEMORY_IO.getDirectBufferAddress(hdr);
        hdr.putLong(0, Holder.MEMORY_IO.getDirectBufferAddress(into)).putLong(8, into.capacity()); // iovec
        hdr.putLong(16, 0).putInt(24, 0)                                  // msg_name, msg_namelen
                .putLong(32, base).putLong(40, 1)                          // msg_iov, msg_iovlen
                .putLong(48, Holder.MEMORY_IO.getDirectBufferAddress(control)).putLong(56, controlSize)
                .putInt(64, 0);
        Pointer msghdr = Pointer.wrap(runtime(), base + 16, 56);
        while (true) {
            long n = libc().recvmsg(fd, msghdr, 0x40000000 /* MSG_CMSG_CLOEXEC */);
            if (n >= 0) {
                List<Integer> fds = new ArrayList<>();
                long controlLength = hdr.getLong(56);
                int at = 0;
                while (at + 16 <= controlLength) {
                    long cmsgLen = control.getLong(at);
                    int level = control.getInt(at + 8);
                    int type = control.getInt(at + 12);
                    if (cmsgLen < 16) {
                        break;
                    }
                    if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                        for (int i = 16; i + 4 <= cmsgLen; i += 4) {
                            fds.add(control.getInt(at + i));
                        }
                    }
                    at += (int) ((cmsgLen + 7) & ~7L);
                }
                return new Received((int) n, fds.stream().mapToInt(Integer::intValue).toArray());
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("recvmsg(2)", e, "fd=" + fd);
            }
        }
    }

    /** Reads up to {@code len} bytes into {@code into} at {@code offset}; 0 at end of file. */
    public static int read(int fd, ByteBuffer into, int offset, int len) {
        while (true) {
            long n = libc().read(fd, Pointer.wrap(runtime(), Holder.MEMORY_IO.getDirectBufferAddress(into) + offset, len), len);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("read(2)", e, "fd=" + fd);
            }
        }
    }

    /**
     * Writes all of {@code bytes[offset, offset + len)} to {@code fd}: EINTR retried, and a
     * descriptor someone made non-blocking (a terminal, a pipe) waited on rather than given up.
     */
    public static void writeFully(int fd, byte[] bytes, int offset, int len) {
        ByteBuffer buf = allocateNative(Math.max(1, len)).put(0, bytes, offset, len);
        int done = 0;
        while (done < len) {
            long n = libc().write(fd, Pointer.wrap(runtime(), Holder.MEMORY_IO.getDirectBufferAddress(buf) + done, len - done), len - done);
            if (n >= 0) {
                done += (int) n;
                continue;
            }
            int e = errno();
            if (e == Errno.EAGAIN.number) {
                ByteBuffer pfd = allocateNative(8);
                pfd.putInt(0, fd).putShort(4, POLLOUT).putShort(6, (short) 0);
                libc().poll(pointerTo(pfd), 1, 1000);
            } else if (e != Errno.EINTR.number) {
                throw new SysException("write(2)", e, "fd=" + fd);
            }
        }
    }

    /** An unbuffered stream writing to {@code fd} (one the daemon was passed), which it never closes. */
    public static java.io.OutputStream outputStream(int fd) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                writeFully(fd, new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writeFully(fd, b, off, len);
            }
        };
    }

    /** Sets the process's file mode creation mask; returns the previous one. */
    public static int umask(int mask) {
        return libc().umask(mask);
    }

    // ---- tun/tap -------------------------------------------------------------------------

    /**
     * Creates a persistent tap (or tun) device, as {@code ip tuntap add NAME mode tap} does:
     * TUNSETIFF on /dev/net/tun, then TUNSETPERSIST so it outlives the fd.
     */
    public static void tuntapCreatePersistent(String name, boolean tap) {
        int fd = open("/dev/net/tun", O_RDWR, 0);
        try {
            ByteBuffer ifr = allocateNative(40); // struct ifreq
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            ifr.put(0, n);
            ifr.putShort(16, (short) ((tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI));
            check("ioctl(TUNSETIFF)", libc().ioctl(fd, TUNSETIFF, pointerTo(ifr)), "name=" + name);
            check("ioctl(TUNSETPERSIST)", libc().ioctl(fd, TUNSETPERSIST, Pointer.wrap(runtime(), 1L)), "name=" + name);
        } finally {
            closeQuietly(fd);
        }
    }
}
