package dev.nslab.sys;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.nslab.sys.Sys.address;
import static dev.nslab.sys.Sys.allocateNative;
import static dev.nslab.sys.Sys.check;
import static dev.nslab.sys.Sys.errno;
import static dev.nslab.sys.Sys.libc;
import static dev.nslab.sys.Sys.pointerTo;

/**
 * AF_UNIX stream sockets, as the daemon uses them: listening on a path, accepting, asking who
 * is at the other end (SO_PEERCRED), and receiving the client's descriptors (SCM_RIGHTS)
 * (docs/kernel-facts.md, "The daemon's socket and descriptors").
 */
public final class UnixSockets {
    public static final int SO_PEERCRED = 17;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;

    private UnixSockets() {
    }

    /**
     * A listening AF_UNIX stream socket bound to {@code path} (which must not exist), as a
     * server's {@code socket; bind; listen}. The file's mode comes from the umask.
     */
    public static int listen(String path, int backlog) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new IllegalArgumentException("socket path longer than 107 bytes: " + path);
        }
        int fd = Sockets.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM, 0);
        try {
            ByteBuffer sa = allocateNative(110); // struct sockaddr_un
            sa.putShort(0, (short) Sockets.AF_UNIX).put(2, name).put(2 + name.length, (byte) 0);
            check("bind(2)", libc().bind(fd, pointerTo(sa), 2 + name.length + 1), "path=" + path);
            check("listen(2)", libc().listen(fd, backlog), "fd=" + fd);
            return fd;
        } catch (RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** Accepts one connection (close-on-exec); EINTR retried. */
    public static int accept(int fd) {
        while (true) {
            int c = libc().accept4(fd, null, null, Sockets.SOCK_CLOEXEC);
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
        check("getsockopt(SO_PEERCRED)", libc().getsockopt(fd, Sockets.SOL_SOCKET, SO_PEERCRED, pointerTo(cred), len), "fd=" + fd);
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
        long base = address(hdr);
        hdr.putLong(0, address(into)).putLong(8, into.capacity());     // iovec
        hdr.putLong(16, 0).putInt(24, 0)                                  // msg_name, msg_namelen
                .putLong(32, base).putLong(40, 1)                          // msg_iov, msg_iovlen
                .putLong(48, address(control)).putLong(56, controlSize)
                .putInt(64, 0);
        Pointer msghdr = pointerTo(hdr, 16, 56);
        while (true) {
            long n = libc().recvmsg(fd, msghdr, MSG_CMSG_CLOEXEC);
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
                    if (level == Sockets.SOL_SOCKET && type == SCM_RIGHTS) {
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
}
