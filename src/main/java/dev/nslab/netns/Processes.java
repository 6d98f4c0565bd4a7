package dev.nslab.netns;

import dev.nslab.sys.Errno;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Pidfds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.SysException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Processes by network namespace, found the thorough way: every thread of every process
 * ({@code /proc/PID/task/TID/ns/net}), not only thread-group leaders as {@code ip netns pids}
 * does, so a process with a single thread inside the namespace is found too.
 * <p>
 * Signals always go through a pidfd ({@code pidfd_open}, {@code pidfd_send_signal}), so a PID
 * reused by an unrelated process between the scan and the signal is never hit.
 */
public final class Processes {
    private static final long TERM_GRACE_MILLIS = 2_000;
    private static final int STOP_ROUNDS = 10;

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

    private static NsId idOf(NetnsHandle held) {
        try {
            // The handle's fd keeps the namespace, and so its inode number, from being reused meanwhile.
            return idOf(Paths.get("/proc/self/fd/" + held.fd()));
        } catch (IOException e) {
            throw new NamespaceException("cannot identify " + held + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every process with at least one thread in the named namespace, sorted; never this JVM.
     * <p>Equivalent to: {@code ip netns pids NS}, plus thread-only members.
     */
    public static List<Integer> pids(String ns) {
        try (NetnsHandle held = NamedNamespaces.open(ns)) {
            return pids(held);
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

    /**
     * Every process with at least one thread in the namespace {@code held} refers to, sorted;
     * never this JVM.
     * <p>Equivalent to: {@code ip netns pids NS}, plus thread-only members.
     */
    public static List<Integer> pids(NetnsHandle held) {
        return scan(idOf(held));
    }

    private static List<Integer> scan(NsId target) {
        TreeSet<Integer> out = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        for (int pid : allPids()) {
            if (pid != self && hasThreadIn(pid, target)) {
                out.add(pid);
            }
        }
        return new ArrayList<>(out);
    }

    /** True when the main thread of {@code pid} is in the namespace {@code held} refers to. */
    static boolean isIn(long pid, NetnsHandle held) {
        try {
            return idOf(Paths.get("/proc/" + pid + "/ns/net")).equals(idOf(held));
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean hasThreadIn(int pid, NsId target) {
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return false;
        }
        for (File task : tasks) {
            try {
                if (idOf(task.toPath().resolve("ns/net")).equals(target)) {
                    return true;
                }
            } catch (IOException | SecurityException gone) {
                // the thread ended while we looked (or is a zombie: it has no namespaces left)
            }
        }
        return false;
    }

    private static List<Integer> allPids() {
        File[] procs = new File("/proc").listFiles((d, n) -> !n.isEmpty() && n.chars().allMatch(Character::isDigit));
        List<Integer> out = new ArrayList<>();
        if (procs != null) {
            for (File p : procs) {
                out.add(Integer.parseInt(p.getName()));
            }
        }
        return out;
    }

    /**
     * Names under /run/netns of the namespace process {@code pid} is in; empty when unnamed.
     * <p>Equivalent to: {@code ip netns identify PID}
     */
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
            throw new NamespaceException("no process " + pid + " (or it has exited): " + e.getMessage(), e);
        }
        return names;
    }

    /** The command name of a process ({@code /proc/PID/comm}), or "?" once it is gone. */
    public static String comm(int pid) {
        try {
            return Files.readString(Paths.get("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * When the process started, in clock ticks since boot ({@code /proc/PID/stat} field 22), or -1
     * when there is no such process. A PID together with its start time names one process for good.
     */
    public static long startTime(int pid) {
        String stat;
        try {
            stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return -1;
        }
        // comm (field 2) may hold spaces and parentheses: count fields after the last ')'.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[19]);
    }

    /** The one-letter state of a process ({@code R}, {@code S}, {@code Z}...), or null when gone. */
    public static String state(int pid) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return null;
        }
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
        NsId target = idOf(held);
        int stopped = 0;
        for (int round = 0; round < STOP_ROUNDS; round++) {
            List<Integer> pids = scan(target);
            if (pids.isEmpty()) {
                return stopped;
            }
            stopped += stop(pids, round == 0);
        }
        List<Integer> left = scan(target);
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
        if (startTime(pid) != startTime || "Z".equals(state(pid))) {
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

    /** Something outside nslab that keeps a namespace alive. */
    public record Pin(int pid, String comm, String how) {
        @Override
        public String toString() {
            return "PID " + pid + " (" + comm + ") " + how;
        }
    }

    /**
     * What keeps the namespace {@code held} refers to alive, apart from {@code held} itself: threads
     * inside it, open nsfs fds to it, nsfs mounts of it in other mount namespaces
     * ({@code /proc/PID/mountinfo}), and sockets created inside it (found with
     * {@code pidfd_getfd} and {@code SIOCGSKNS}). Empty when nothing visible holds it.
     */
    public static List<Pin> pins(NetnsHandle held) {
        return pins(List.of(held)).getOrDefault(held.name(), List.of());
    }

    /**
     * What holds each of the given namespaces alive, in one scan of /proc for all of them (a lab
     * of hundreds of namespaces must not scan every process's fds once per namespace).
     * nslab's own fds in {@code held} do not count. Keyed by {@link NetnsHandle#name()}; a
     * namespace nothing else holds has no entry.
     */
    public static java.util.Map<String, List<Pin>> pins(List<NetnsHandle> held) {
        java.util.Map<NsId, String> targets = new java.util.HashMap<>();
        java.util.Map<String, String> nsfsRoots = new java.util.HashMap<>();
        Set<Integer> ownFds = new HashSet<>();
        for (NetnsHandle h : held) {
            NsId id = idOf(h);
            targets.put(id, h.name());
            nsfsRoots.put("net:[" + id.ino() + "]", h.name());
            ownFds.add(h.fd());
        }
        long self = ProcessHandle.current().pid();
        java.util.Map<String, List<Pin>> pins = new java.util.TreeMap<>();
        Set<NsId> mountNamespacesSeen = new HashSet<>();
        for (int pid : allPids()) {
            String[] comm = {null};
            java.util.function.BiConsumer<String, String> pin = (ns, how) -> {
                if (comm[0] == null) {
                    comm[0] = comm(pid);
                }
                pins.computeIfAbsent(ns, k -> new ArrayList<>()).add(new Pin(pid, comm[0], how));
            };
            if (pid != self) {
                for (String ns : threadNamespacesIn(pid, targets)) {
                    pin.accept(ns, "has a thread inside it");
                }
            }
            File[] fds = new File("/proc/" + pid + "/fd").listFiles();
            if (fds != null) {
                for (File fd : fds) {
                    int n = Integer.parseInt(fd.getName());
                    if (pid == self && ownFds.contains(n)) {
                        continue;
                    }
                    String link;
                    try {
                        link = Files.readSymbolicLink(fd.toPath()).toString();
                    } catch (IOException | UnsupportedOperationException gone) {
                        continue;
                    }
                    // An nsfs fd reads as "net:[INO]", or as the path it was opened by (/run/netns/NS).
                    if (!link.startsWith("socket:") && !link.startsWith("pipe:") && !link.startsWith("anon_inode:")) {
                        String ns = targetOf(fd.toPath(), targets);
                        if (ns != null) {
                            pin.accept(ns, "holds it open as fd " + n);
                        }
                    } else if (link.startsWith("socket:")) {
                        String ns = socketNamespaceOf(pid, n, targets);
                        if (ns != null) {
                            pin.accept(ns, "has a socket made inside it (fd " + n + ")");
                        }
                    }
                }
            }
            NsId mnt;
            try {
                mnt = idOf(Paths.get("/proc/" + pid + "/ns/mnt"));
            } catch (IOException | SecurityException gone) {
                continue;
            }
            if (mountNamespacesSeen.add(mnt)) {
                for (var m : nsfsMountsOf(pid, nsfsRoots).entrySet()) {
                    for (String where : m.getValue()) {
                        pin.accept(m.getKey(), "has it mounted on " + where + " in its mount namespace");
                    }
                }
            }
        }
        return pins;
    }

    private static List<String> threadNamespacesIn(int pid, java.util.Map<NsId, String> targets) {
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return List.of();
        }
        Set<String> out = new java.util.TreeSet<>();
        for (File task : tasks) {
            String ns = targetOf(task.toPath().resolve("ns/net"), targets);
            if (ns != null) {
                out.add(ns);
            }
        }
        return new ArrayList<>(out);
    }

    private static String targetOf(Path nsLink, java.util.Map<NsId, String> targets) {
        try {
            return targets.get(idOf(nsLink));
        } catch (IOException | SecurityException gone) {
            return null;
        }
    }

    private static java.util.Map<String, List<String>> nsfsMountsOf(int pid, java.util.Map<String, String> nsfsRoots) {
        java.util.Map<String, List<String>> out = new java.util.HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Paths.get("/proc/" + pid + "/mountinfo"));
        } catch (IOException gone) {
            return out;
        }
        for (String line : lines) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            String ns = f.length > 4 ? nsfsRoots.get(f[3]) : null;
            if (ns != null && dash > 0 && line.startsWith("nsfs ", dash + 3)) {
                out.computeIfAbsent(ns, k -> new ArrayList<>()).add(f[4].replace("\\040", " "));
            }
        }
        return out;
    }

    /** The target namespace a process's socket was made in, or null (SIOCGSKNS on a copy of the fd). */
    private static String socketNamespaceOf(int pid, int fd, java.util.Map<NsId, String> targets) {
        int pidfd = -1;
        int copy = -1;
        int ns = -1;
        try {
            pidfd = Pidfds.open(pid);
            copy = Pidfds.getfd(pidfd, fd);
            ns = Sockets.socketNamespace(copy);
            return targets.get(idOf(Paths.get("/proc/self/fd/" + ns)));
        } catch (SysException | IOException e) {
            return null; // gone meanwhile, not a network socket, or not ours to look at
        } finally {
            Fds.closeQuietly(ns);
            Fds.closeQuietly(copy);
            Fds.closeQuietly(pidfd);
        }
    }
}
