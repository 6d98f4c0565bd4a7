package dev.nslab.sys;

import static dev.nslab.sys.Sys.check;
import static dev.nslab.sys.Sys.libc;

/**
 * Namespaces: entering one ({@code setns}), making one ({@code unshare}), and telling what an
 * nsfs file is. Both calls act on the calling thread alone (docs/kernel-facts.md, "Namespaces
 * and threads").
 */
public final class Namespaces {
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWNET = 0x40000000;
    /** statfs f_type of an nsfs file: a bind-mounted namespace. */
    public static final long NSFS_MAGIC = 0x6e736673L;
    /** ioctl NS_GET_NSTYPE: the CLONE_NEW* kind of the namespace an nsfs fd refers to. */
    private static final long NS_GET_NSTYPE = 0xb703L;
    // x86_64's number, and aarch64's (the generic syscall table)
    private static final long SYS_GETTID = "aarch64".equals(System.getProperty("os.arch")) ? 178 : 186;

    private Namespaces() {
    }

    public static void setns(int fd, int nsType) {
        check("setns(2)", libc().setns(fd, nsType), "fd=" + fd + " nstype=0x" + Integer.toHexString(nsType));
    }

    public static void unshare(int flags) {
        check("unshare(2)", libc().unshare(flags), "flags=0x" + Integer.toHexString(flags));
    }

    /** NS_GET_NSTYPE: which kind of namespace an nsfs fd refers to (e.g. {@link #CLONE_NEWNET}). */
    public static int namespaceType(int fd) {
        return check("ioctl(NS_GET_NSTYPE)", libc().ioctl(fd, NS_GET_NSTYPE, null), "fd=" + fd);
    }

    /** The calling thread's id: the one whose namespaces {@code /proc/thread-self/ns} shows. */
    public static int gettid() {
        return (int) libc().syscall(SYS_GETTID, 0, 0, 0, 0);
    }
}
