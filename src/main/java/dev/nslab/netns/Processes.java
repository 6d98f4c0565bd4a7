package dev.nslab.netns;

import dev.nslab.sys.Errno;
import dev.nslab.sys.Sys;
import dev.nslab.sys.SysException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Processes by network namespace, found the thorough way: every thread of every process
 * ({@code /proc/PID/task/TID/ns/net}), not only thread-group leaders as {@code ip netns pids}
 * does, so a process with a single thread inside the namespace is found too.
 */
public final class Processes {
    private static final long TERM_GRACE_MILLIS = 2_000;

    private Processes() {
    }

    /** Identity of a namespace file: (st_dev, st_ino), read while the namespace is open. */
    private record NsId(long dev, long ino) {
    }

    private static NsId idOf(Path nsLink) throws IOException {
        Object dev = Files.getAttribute(nsLink, "unix:dev");
        Object ino = Files.getAttribute(nsLink, "unix:ino");
        return new NsId(((Number) dev).longValue(), ((Number) ino).longValue());
    }

    /**
     * Every process with at least one thread in the named namespace, sorted; never this JVM.
     * <p>Equivalent to: {@code ip netns pids NS}, plus thread-only members.
     */
    public static List<Integer> pids(String ns) {
        try (NetnsHandle held = NamedNamespaces.open(ns)) {
            // Holding the fd while scanning keeps the inode number from being reused meanwhile.
            NsId target = idOf(Paths.get("/proc/self/fd/" + held.fd()));
            return scan(target);
        } catch (IOException e) {
            throw new NamespaceException("cannot identify namespace " + ns + ": " + e.getMessage(), e);
        }
    }

    /**
     * Which of the named namespaces have any process in them, in one scan of /proc: removing
     * a lab of hundreds of namespaces must not scan /proc once per namespace.
     */
    public static java.util.Set<String> occupied(java.util.Collection<String> namespaces) {
        java.util.Map<NsId, String> wanted = new java.util.HashMap<>();
        List<NetnsHandle> held = new ArrayList<>();
        try {
            for (String ns : namespaces) {
                NetnsHandle h = NamedNamespaces.open(ns);
                held.add(h);
                wanted.put(idOf(Paths.get("/proc/self/fd/" + h.fd())), ns);
            }
            java.util.Set<String> out = new java.util.TreeSet<>();
            long self = ProcessHandle.current().pid();
            File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
            for (File proc : procs == null ? new File[0] : procs) {
                if (Integer.parseInt(proc.getName()) == self) {
                    continue;
                }
                File[] tasks = new File(proc, "task").listFiles();
                for (File task : tasks == null ? new File[0] : tasks) {
                    try {
                        String ns = wanted.get(idOf(task.toPath().resolve("ns/net")));
                        if (ns != null) {
                            out.add(ns);
                        }
                    } catch (IOException | SecurityException gone) {
                        // the thread ended while we looked
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new NamespaceException("cannot identify namespaces: " + e.getMessage(), e);
        } finally {
            held.forEach(NetnsHandle::close);
        }
    }

    private static List<Integer> scan(NsId target) {
        TreeSet<Integer> out = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return List.of();
        }
        for (File proc : procs) {
            int pid = Integer.parseInt(proc.getName());
            if (pid == self) {
                continue;
            }
            File[] tasks = new File(proc, "task").listFiles();
            if (tasks == null) {
                continue;
            }
            for (File task : tasks) {
                try {
                    if (idOf(task.toPath().resolve("ns/net")).equals(target)) {
                        out.add(pid);
                        break;
                    }
                } catch (IOException | SecurityException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Names under /run/netns of the namespace process {@code pid} is in; empty when unnamed. */
    public static List<String> identify(int pid) {
        List<String> names = new ArrayList<>();
        try {
            NsId target = idOf(Paths.get("/proc/" + pid + "/ns/net"));
            for (String name : NamedNamespaces.list()) {
                try {
                    if (idOf(Paths.get(NamedNamespaces.RUN_DIR, name)).equals(target)) {
                        names.add(name);
                    }
                } catch (IOException ignored) {
                    // removed while we looked
                }
            }
        } catch (IOException e) {
            throw new NamespaceException("no process " + pid + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * Stops every process in the namespace: SIGTERM through a pidfd (a reused PID is never hit),
     * a grace period, then SIGKILL for what is left. Repeats until none is found, so children
     * forked meanwhile are caught too.
     */
    public static int stopAll(String ns) {
        int stopped = 0;
        for (int round = 0; round < 10; round++) {
            List<Integer> pids = pids(ns);
            if (pids.isEmpty()) {
                return stopped;
            }
            List<Integer> fds = new ArrayList<>();
            for (int pid : pids) {
                try {
                    int fd = Sys.pidfdOpen(pid);
                    fds.add(fd);
                    signal(fd, round == 0 ? Sys.SIGTERM : Sys.SIGKILL);
                    if (round == 0) {
                        signal(fd, Sys.SIGCONT); // a stopped process cannot act on TERM
                    }
                } catch (SysException e) {
                    if (!e.is(Errno.ESRCH)) {
                        throw e;
                    }
                }
            }
            long deadline = System.currentTimeMillis() + (round == 0 ? TERM_GRACE_MILLIS : 1_000);
            for (int fd : fds) {
                long left = Math.max(0, deadline - System.currentTimeMillis());
                if (!Sys.pollReadable(fd, (int) left)) {
                    signal(fd, Sys.SIGKILL);
                    Sys.pollReadable(fd, 1_000);
                }
                Sys.closeQuietly(fd);
                stopped++;
            }
        }
        List<Integer> left = pids(ns);
        if (!left.isEmpty()) {
            throw new NamespaceException("processes " + left + " in namespace " + ns + " survived SIGKILL");
        }
        return stopped;
    }

    private static void signal(int pidfd, int sig) {
        try {
            Sys.pidfdSendSignal(pidfd, sig);
        } catch (SysException e) {
            if (!e.is(Errno.ESRCH)) {
                throw e;
            }
        }
    }
}
