package dev.nslab.sys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.nslab.sys.Sys.allocateNative;
import static dev.nslab.sys.Sys.check;
import static dev.nslab.sys.Sys.errno;
import static dev.nslab.sys.Sys.libc;
import static dev.nslab.sys.Sys.pointerTo;

/**
 * Files and file descriptors: open (always close-on-exec), close, read and write, small files
 * read and written whole (sysctls, /proc), directories, locks, the file system an fd is on,
 * the umask, and waiting for descriptors to become readable.
 */
public final class Fds {
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
    // flock(2)
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;
    // poll(2)
    private static final short POLLIN = 0x1;
    private static final short POLLOUT = 0x4;

    private Fds() {
    }

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

    /** The file system type (statfs f_type) of an open file, e.g. {@link Namespaces#NSFS_MAGIC}. */
    public static long fstatfsType(int fd) {
        ByteBuffer buf = allocateNative(120); // struct statfs is 120 bytes on 64-bit Linux
        check("fstatfs(2)", libc().fstatfs(fd, pointerTo(buf)), "fd=" + fd);
        return buf.getLong(0);
    }

    /** Reads up to {@code len} bytes into {@code into} at {@code offset}; 0 at end of file. */
    public static int read(int fd, ByteBuffer into, int offset, int len) {
        while (true) {
            long n = libc().read(fd, pointerTo(into, offset, len), len);
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
            long n = libc().write(fd, pointerTo(buf, done, len - done), len - done);
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

    /**
     * An unbuffered stream writing to {@code fd} (one the daemon was passed), which it never
     * closes. A failed write is an IOException, as FileOutputStream's is: a PrintStream or
     * PrintWriter over it then records the error and goes on quietly, so that {@code | head -1}
     * (EPIPE) through the daemon is as silent, with the same exit status, as in a JVM of its own.
     */
    public static OutputStream outputStream(int fd) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    writeFully(fd, b, off, len);
                } catch (SysException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }

    /** Sets the process's file mode creation mask; returns the previous one. */
    public static int umask(int mask) {
        return libc().umask(mask);
    }

    /**
     * Waits until at least one of {@code fds} is readable; returns which (empty on time-out).
     */
    public static boolean[] pollReadable(int[] fds, int timeoutMillis) {
        ByteBuffer pfd = allocateNative(8 * Math.max(1, fds.length));
        for (int i = 0; i < fds.length; i++) {
            pfd.putInt(8 * i, fds[i]).putShort(8 * i + 4, POLLIN).putShort(8 * i + 6, (short) 0);
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
                throw new SysException("poll(2)", e, "fds=" + Arrays.toString(fds));
            }
        }
    }

    /**
     * Waits until {@code fd} is readable (a socket has data; a pidfd: its process exited);
     * false on time-out.
     */
    public static boolean pollReadable(int fd, int timeoutMillis) {
        ByteBuffer pfd = allocateNative(8);
        pfd.putInt(0, fd).putShort(4, POLLIN).putShort(6, (short) 0);
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
}
