package dev.nslab.sys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static dev.nslab.sys.Sys.allocateNative;
import static dev.nslab.sys.Sys.errno;
import static dev.nslab.sys.Sys.libc;
import static dev.nslab.sys.Sys.pointerTo;

/**
 * Files in a directory that root shares with nobody (/run/nslab, the daemon's directory), for a
 * process that runs as root while other users share the machine.
 * <ul>
 * <li>Nothing is reached through a symbolic link: a directory is opened with
 * {@code O_DIRECTORY|O_NOFOLLOW}, and what is in it with {@code openat} relative to that fd and
 * {@code O_NOFOLLOW}, so a link planted in place of a file or directory is refused, never
 * written through, and a directory renamed meanwhile cannot redirect the next open.</li>
 * <li>Modes are explicit whatever the umask (the caller's, or a daemon's client's): what is made
 * is given its mode with {@code fchmod} after the open, since the umask trims the mode that
 * {@code open}/{@code mkdir} are given.</li>
 * <li>What is found must be the caller's (or root's) and not writable by group or others; a
 * directory of the caller's is tightened, anything else is refused with what to remove.</li>
 * </ul>
 */
public final class SafeFiles {
    public static final int O_APPEND = 02000;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private SafeFiles() {
    }

    /** What statx says of a file: type and permission bits, owner, identity (device, inode), size. */
    public record Stat(int mode, int uid, long dev, long ino, long size) {
        public boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        public boolean isRegular() {
            return (mode & S_IFMT) == S_IFREG;
        }

        public boolean isSymlink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        public int permissions() {
            return mode & 07777;
        }
    }

    /** A file found where nslab keeps its state that it must not use: a link, someone else's, writable by others. */
    public static final class UnsafeFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnsafeFileException(String message) {
            super(message);
        }
    }

    /** The effective user ID of this process. */
    public static int euid() {
        return libc().geteuid();
    }

    /** statx of an open file. */
    public static Stat stat(int fd) {
        return statx(fd, "", AT_EMPTY_PATH, "fd=" + fd);
    }

    /** statx of {@code name} in the directory {@code dirFd}, not following a link; null when there is none. */
    public static Stat statAt(int dirFd, String name) {
        try {
            return statx(dirFd, name, AT_SYMLINK_NOFOLLOW, "name=" + name);
        } catch (SysException e) {
            if (e.is(Errno.ENOENT)) {
                return null;
            }
            throw e;
        }
    }

    private static Stat statx(int dirFd, String name, int flags, String args) {
        ByteBuffer buf = allocateNative(256); // struct statx: the same layout on every architecture
        while (libc().statx(dirFd, name, flags, STATX_BASIC_STATS, pointerTo(buf)) < 0) {
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("statx(2)", e, args);
            }
        }
        long dev = ((long) buf.getInt(136) << 32) | (buf.getInt(140) & 0xffffffffL);
        return new Stat(buf.getShort(28) & 0xffff, buf.getInt(20), dev, buf.getLong(32), buf.getLong(40));
    }

    /**
     * Opens the directory {@code path} (absolute), making it with {@code mode} when missing and
     * {@code create} is set (its parents as {@code mkdir -p} would). Returns -1 when it does not
     * exist and {@code create} is not set.
     */
    public static int openDirectory(String path, int mode, boolean create) {
        Path p = Paths.get(path).toAbsolutePath().normalize();
        Path parent = p.getParent();
        if (create && parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot make " + parent, e);
            }
        }
        int parentFd = open(parent == null ? "/" : parent.toString(), Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
        try {
            return openDirectoryAt(parentFd, p.getFileName() == null ? "." : p.getFileName().toString(), p.toString(), mode, create);
        } catch (SysException e) {
            if (!create && e.is(Errno.ENOENT)) {
                return -1;
            }
            throw e;
        } finally {
            Fds.closeQuietly(parentFd);
        }
    }

    /**
     * Opens the directory {@code name} in {@code dirFd} without following a link, making it with
     * {@code mode} first when missing and {@code create} is set; -1 when missing otherwise.
     * {@code shownAs} names it in errors.
     */
    public static int openDirectoryAt(int dirFd, String name, String shownAs, int mode, boolean create) {
        boolean made = false;
        if (create) {
            int rc = libc().mkdirat(dirFd, name, mode);
            if (rc < 0 && errno() != Errno.EEXIST.number) {
                throw new SysException("mkdirat(2)", errno(), "path=" + shownAs);
            }
            made = rc == 0;
        }
        int fd;
        try {
            fd = openAt(dirFd, name, shownAs, Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
        } catch (SysException e) {
            if (!create && e.is(Errno.ENOENT)) {
                return -1;
            }
            throw e;
        }
        try {
            Stat st = stat(fd);
            requireTrusted(st, shownAs, true);
            if (made || (st.permissions() & 022) != 0) {
                // ours: made now (trimmed by the umask), or a tmpfs mounted sticky and open to all
                fchmod(fd, mode, shownAs);
            }
            return fd;
        } catch (RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Opens the regular file {@code name} in {@code dirFd} with {@code flags}, never through a
     * link; with {@code O_CREAT} in {@code flags} it is made with {@code mode}, whatever the umask.
     * Returns -1 when it does not exist and is not to be made. Refuses a file of someone else's,
     * or one that group or others may write ({@code shownAs} names it, and what to do).
     */
    public static int openFileAt(int dirFd, String name, String shownAs, int flags, int mode) {
        int fd;
        try {
            fd = openAt(dirFd, name, shownAs, flags, mode);
        } catch (SysException e) {
            if ((flags & Fds.O_CREAT) == 0 && e.is(Errno.ENOENT)) {
                return -1;
            }
            throw e;
        }
        try {
            Stat st = stat(fd);
            requireTrusted(st, shownAs, false);
            if ((st.permissions() & 022) != 0) {
                throw new UnsafeFileException(shownAs + " is writable by others (mode 0" + Integer.toOctalString(st.permissions())
                        + "), so anyone may have changed it: nslab does not trust it; check it, then remove it (rm " + shownAs
                        + ") or make it root's alone (chmod 644 " + shownAs + ")");
            }
            if ((flags & Fds.O_CREAT) != 0 && st.permissions() != mode) {
                fchmod(fd, mode, shownAs); // the umask trimmed it
            }
            return fd;
        } catch (RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    private static int openAt(int dirFd, String name, String shownAs, int flags, int mode) {
        while (true) {
            int fd = libc().openat(dirFd, name, flags | Fds.O_NOFOLLOW | Fds.O_CLOEXEC, mode);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e == Errno.ELOOP.number || (e == Errno.ENOTDIR.number && (flags & Fds.O_DIRECTORY) != 0)) {
                Stat st = statAt(dirFd, name);
                if (st != null && st.isSymlink()) {
                    throw new UnsafeFileException(shownAs + " is a symbolic link: nslab never follows one there;"
                            + " remove it (rm " + shownAs + ") and run again");
                }
                if (st != null) {
                    throw new UnsafeFileException(shownAs + " is not a " + ((flags & Fds.O_DIRECTORY) != 0 ? "directory" : "regular file")
                            + ": remove it (rm " + shownAs + ") and run again");
                }
            }
            if (e != Errno.EINTR.number) {
                throw new SysException("openat(2)", e, "path=" + shownAs + " flags=0" + Integer.toOctalString(flags));
            }
        }
    }

    private static void requireTrusted(Stat st, String shownAs, boolean directory) {
        if (directory ? !st.isDirectory() : !st.isRegular()) {
            throw new UnsafeFileException(shownAs + " is not a " + (directory ? "directory" : "regular file")
                    + ": remove it (rm " + shownAs + ") and run again");
        }
        int me = euid();
        if (st.uid() != me && st.uid() != 0) {
            throw new UnsafeFileException(shownAs + " belongs to uid " + st.uid() + ", not to uid " + me + " (nslab's user) or root:"
                    + " nslab does not use what others made there; remove it (rm " + (directory ? "-r " : "") + shownAs
                    + ") and run again");
        }
        if (directory && st.uid() != me && (st.permissions() & 022) != 0) {
            throw new UnsafeFileException(shownAs + " is writable by others (mode 0" + Integer.toOctalString(st.permissions())
                    + ") and not nslab's user's: remove it (rm -r " + shownAs + ") and run again");
        }
    }

    private static int open(String path, int flags, int mode) {
        return Fds.open(path, flags, mode);
    }

    public static void fchmod(int fd, int mode, String shownAs) {
        Sys.check("fchmod(2)", libc().fchmod(fd, mode), "path=" + shownAs + " mode=0" + Integer.toOctalString(mode));
    }

    /**
     * Removes {@code name} from {@code dirFd} (a directory with {@code directory}); false when it
     * was not there, or (a directory) when it is not empty.
     */
    public static boolean unlinkAt(int dirFd, String name, boolean directory) {
        if (libc().unlinkat(dirFd, name, directory ? AT_REMOVEDIR : 0) == 0) {
            return true;
        }
        int e = errno();
        if (e == Errno.ENOENT.number || (directory && (e == Errno.ENOTEMPTY.number || e == Errno.EEXIST.number))) {
            return false;
        }
        throw new SysException("unlinkat(2)", e, "name=" + name);
    }

    /** Forces what was written to {@code fd} to storage. */
    public static void fsync(int fd) {
        while (libc().fsync(fd) < 0) {
            int e = errno();
            if (e != Errno.EINTR.number) {
                throw new SysException("fsync(2)", e, "fd=" + fd);
            }
        }
    }

    /** Replaces the whole content of {@code fd} with {@code text}. */
    public static void rewrite(int fd, String text) {
        Sys.check("ftruncate(2)", libc().ftruncate(fd, 0), "fd=" + fd);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = allocateNative(Math.max(1, bytes.length)).put(0, bytes);
        long n;
        do {
            n = libc().pwrite(fd, pointerTo(buf), bytes.length, 0);
        } while (n < 0 && errno() == Errno.EINTR.number);
        if (n < 0) {
            throw new SysException("pwrite(2)", errno(), "fd=" + fd);
        }
    }

    /** Appends {@code text} to {@code fd} (opened with O_APPEND), whole. */
    public static void append(int fd, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Fds.writeFully(fd, bytes, 0, bytes.length);
    }

    /** Reads the whole of the file {@code fd} (from its start, whatever its offset), as text. */
    public static String readAll(int fd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = allocateNative(65536);
        long offset = 0;
        while (true) {
            long n = libc().pread(fd, pointerTo(buf), buf.capacity(), offset);
            if (n < 0) {
                if (errno() == Errno.EINTR.number) {
                    continue;
                }
                throw new SysException("pread(2)", errno(), "fd=" + fd);
            }
            if (n == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            byte[] bytes = new byte[(int) n];
            buf.get(0, bytes);
            out.writeBytes(bytes);
            offset += n;
        }
    }

    /** Takes an exclusive flock on {@code fd} if no one else holds one; false when someone does. */
    public static boolean tryLock(int fd) {
        while (libc().flock(fd, Fds.LOCK_EX | Fds.LOCK_NB) < 0) {
            int e = errno();
            if (e == Errno.EAGAIN.number) {
                return false;
            }
            if (e != Errno.EINTR.number) {
                throw new SysException("flock(2)", e, "fd=" + fd);
            }
        }
        return true;
    }

    /** The names in the directory {@code dirFd} (without . and ..), read through /proc/self/fd so no path is followed. */
    public static java.util.List<String> list(int dirFd) {
        java.io.File[] files = new java.io.File("/proc/self/fd/" + dirFd).listFiles();
        java.util.List<String> names = new java.util.ArrayList<>();
        if (files != null) {
            for (java.io.File f : files) {
                names.add(f.getName());
            }
        }
        java.util.Collections.sort(names);
        return names;
    }

    /**
     * Opens {@code path} for appending (a log), made with mode 0644 when missing, never through a
     * symbolic link, refusing a file of someone else's or one others may write: for the
     * daemon's log and the like. The parent directory is opened with O_NOFOLLOW as well, and
     * must be the caller's or root's and not writable by others unless it is root's.
     */
    public static int openLogForAppend(String path) {
        Path p = Paths.get(path).toAbsolutePath().normalize();
        int dir = Fds.open(p.getParent().toString(), Fds.O_RDONLY | Fds.O_DIRECTORY | Fds.O_NOFOLLOW, 0);
        try {
            requireTrusted(stat(dir), p.getParent().toString(), true);
            return openFileAt(dir, p.getFileName().toString(), p.toString(),
                    Fds.O_WRONLY | SafeFiles.O_APPEND | Fds.O_CREAT, 0644);
        } finally {
            Fds.closeQuietly(dir);
        }
    }
}
