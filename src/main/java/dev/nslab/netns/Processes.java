package dev.nslab.netns;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Processes by network namespace, found the thorough way: every thread of every process
 * ({@code /proc/PID/task/TID/ns/net}), not only thread-group leaders as {@code ip netns pids}
 * does, so a process with a single thread inside the namespace is found too
 * (docs/kernel-facts.md, "Finding processes"). What else holds a namespace alive is
 * {@link Pins}; stopping the processes found is {@link ProcessSignals}.
 */
public final class Processes {
    private Processes() {
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
    public static Set<String> occupied(Collection<String> namespaces) {
        Map<NsId, String> wanted = new HashMap<>();
        List<NetnsHandle> held = new ArrayList<>();
        try {
            for (String ns : namespaces) {
                NetnsHandle h = NamedNamespaces.open(ns);
                held.add(h);
                wanted.put(NsId.of(Paths.get("/proc/self/fd/" + h.fd())), ns);
            }
            Set<String> out = new TreeSet<>();
            long self = dev.nslab.sys.Proc.selfPid();
            File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
            for (File proc : procs == null ? new File[0] : procs) {
                if (Integer.parseInt(proc.getName()) == self) {
                    continue;
                }
                File[] tasks = new File(proc, "task").listFiles();
                for (File task : tasks == null ? new File[0] : tasks) {
                    try {
                        String ns = wanted.get(NsId.of(task.toPath().resolve("ns/net")));
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
        return scan(NsId.of(held));
    }

    /** Every process other than this JVM with a thread in the namespace {@code target}, sorted. */
    static List<Integer> scan(NsId target) {
        TreeSet<Integer> out = new TreeSet<>();
        long self = dev.nslab.sys.Proc.selfPid();
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
            return NsId.of(Paths.get("/proc/" + pid + "/ns/net")).equals(NsId.of(held));
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
                if (NsId.of(task.toPath().resolve("ns/net")).equals(target)) {
                    return true;
                }
            } catch (IOException | SecurityException gone) {
                // the thread ended while we looked (or is a zombie: it has no namespaces left)
            }
        }
        return false;
    }

    /** The PIDs under /proc now. */
    static List<Integer> allPids() {
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
            NsId target = NsId.of(Paths.get("/proc/" + pid + "/ns/net"));
            for (String name : NamedNamespaces.list()) {
                try {
                    if (NsId.of(Paths.get(NamedNamespaces.RUN_DIR, name)).equals(target)) {
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
}
