package dev.nslab.netns;

import dev.nslab.sys.Errno;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Pidfds;
import dev.nslab.sys.SysException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stopping processes: TERM, a grace period, then KILL. Signals always go through a pidfd
 * ({@code pidfd_open}, {@code pidfd_send_signal}), so a PID reused by an unrelated process
 * between the scan and the signal is never hit (docs/kernel-facts.md, "Processes").
 */
public final class ProcessSignals {
    private static final long TERM_GRACE_MILLIS = 2_000;
    private static final int STOP_ROUNDS = 10;

    private ProcessSignals() {
    }

    /**
     * Stops every process in the named namespace; see {@link #stopAll(NetnsHandle)}.
     * <p>Equivalent to: {@code ip netns pids NS | xargs kill}, then {@code kill -KILL} for the rest.
     */
    public static int stopAll(String ns) {
        try (NetnsHandle held = NamedNamespaces.open(ns)) {
            return stopAll(held);
        }
    }

    /**
     * Stops every process with a thread in the namespace: SIGTERM (and SIGCONT, since a stopped
     * process cannot act on TERM) through a pidfd, a grace period, then SIGKILL for what is left.
     * Rescans until none is found, so children forked meanwhile, daemons that called setsid and
     * processes with only one thread inside are caught too. Returns how many were stopped.
     * <p>Equivalent to: {@code ip netns pids NS | xargs kill}, then {@code kill -KILL} for the rest.
     */
    public static int stopAll(NetnsHandle held) {
        NsId target = NsId.of(held);
        int stopped = 0;
        for (int round = 0; round < STOP_ROUNDS; round++) {
            List<Integer> pids = Processes.scan(target);
            if (pids.isEmpty()) {
                return stopped;
            }
            stopped += stop(pids, round == 0);
        }
        List<Integer> left = Processes.scan(target);
        if (!left.isEmpty()) {
            throw new NamespaceException("processes " + left + " in " + held + " survived SIGKILL " + STOP_ROUNDS
                    + " times (each round found new ones): stop whatever keeps starting them");
        }
        return stopped;
    }

    /**
     * Stops the given processes: TERM (unless {@code gently} is false), a grace period, then KILL.
     * Each is opened as a pidfd first; a PID that has gone meanwhile is skipped. Returns how many
     * were signalled.
     */
    public static int stop(Collection<Integer> pids, boolean gently) {
        Map<Integer, Integer> fds = new LinkedHashMap<>();
        for (int pid : pids) {
            try {
                fds.put(pid, Pidfds.open(pid));
            } catch (SysException e) {
                if (!e.is(Errno.ESRCH)) {
                    throw e;
                }
            }
        }
        return stopPidfds(fds.values(), gently);
    }

    /**
     * Stops processes given as open pidfds (which this method closes): TERM (when {@code gently}),
     * a grace period, then KILL.
     */
    public static int stopPidfds(Collection<Integer> pidfds, boolean gently) {
        for (int fd : pidfds) {
            if (gently) {
                signal(fd, Pidfds.SIGTERM);
                signal(fd, Pidfds.SIGCONT);
            } else {
                signal(fd, Pidfds.SIGKILL);
            }
        }
        long deadline = System.currentTimeMillis() + (gently ? TERM_GRACE_MILLIS : 1_000);
        for (int fd : pidfds) {
            try {
                long left = Math.max(0, deadline - System.currentTimeMillis());
                if (!Fds.pollReadable(fd, (int) left)) {
                    signal(fd, Pidfds.SIGKILL);
                    Fds.pollReadable(fd, 1_000);
                }
            } finally {
                Fds.closeQuietly(fd);
            }
        }
        return pidfds.size();
    }

    /**
     * Opens a pidfd on {@code pid} only if it is still the process that started at
     * {@code startTime}; -1 when that process is gone (its PID may now name another one).
     */
    public static int openIfSame(int pid, long startTime) {
        int fd;
        try {
            fd = Pidfds.open(pid);
        } catch (SysException e) {
            if (e.is(Errno.ESRCH)) {
                return -1;
            }
            throw e;
        }
        // Checked after opening: from here on the pidfd names this process whatever happens to the PID.
        if (Processes.startTime(pid) != startTime || "Z".equals(Processes.state(pid))) {
            Fds.closeQuietly(fd);
            return -1;
        }
        return fd;
    }

    private static void signal(int pidfd, int sig) {
        try {
            Pidfds.sendSignal(pidfd, sig);
        } catch (SysException e) {
            if (!e.is(Errno.ESRCH)) {
                throw e;
            }
        }
    }
}
