package dev.nslab.sys;

import static dev.nslab.sys.Sys.errno;
import static dev.nslab.sys.Sys.libc;

/**
 * Processes named by pidfds: a pidfd names one process for good, so a signal sent through it
 * never hits an unrelated process that reused the PID (docs/kernel-facts.md, "Processes").
 * A pidfd becomes readable when its process exits: {@link Fds#pollReadable(int, int)} waits for that.
 */
public final class Pidfds {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    // x86_64 and aarch64 share these (the generic syscall table numbers for new calls)
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;

    private Pidfds() {
    }

    /** A file descriptor that names one process for good: signals through it never hit a reused PID. */
    public static int open(int pid) {
        long rc = libc().syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
        if (rc < 0) {
            throw new SysException("pidfd_open(2)", errno(), "pid=" + pid);
        }
        return (int) rc;
    }

    public static void sendSignal(int pidfd, int signal) {
        long rc = libc().syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
        if (rc < 0) {
            throw new SysException("pidfd_send_signal(2)", errno(), "pidfd=" + pidfd + " signal=" + signal);
        }
    }

    /**
     * A copy, in this process, of file descriptor {@code targetFd} of the process behind
     * {@code pidfd} (needs ptrace rights over it: root has them).
     */
    public static int getfd(int pidfd, int targetFd) {
        long rc = libc().syscall(SYS_PIDFD_GETFD, pidfd, targetFd, 0, 0);
        if (rc < 0) {
            throw new SysException("pidfd_getfd(2)", errno(), "pidfd=" + pidfd + " fd=" + targetFd);
        }
        return (int) rc;
    }
}
