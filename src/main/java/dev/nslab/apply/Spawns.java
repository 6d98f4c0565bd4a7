package dev.nslab.apply;

import dev.nslab.model.Namespace;
import dev.nslab.state.LabDir;
import dev.nslab.state.Labs;
import dev.nslab.model.Spawn;
import dev.nslab.model.Topology;
import dev.nslab.netns.NamespaceExec;
import dev.nslab.netns.ProcessSignals;
import dev.nslab.netns.Processes;
import dev.nslab.sys.Fds;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lab's {@code spawn} processes: started once the lab is up, each in its namespace (as
 * {@code ip netns exec} would run it) in a session of its own, stdin from /dev/null, stdout and
 * stderr appended to {@code /run/nslab/LAB/NS.NAME.log}.
 * <p>
 * Each started process is written down in {@code /run/nslab/LAB/spawns} as
 * {@code NS NAME PID STARTTIME}: the PID with its start time names the process for good, so a
 * later run (another {@code up}, {@code ps}, {@code down}) finds it again and never mistakes a
 * reused PID for it; every signal goes through a pidfd opened and then checked against the start
 * time. A second {@code up} starts only the spawns whose process is no longer running.
 */
public final class Spawns {
    /** How long a fresh spawn must survive before up believes it started (a typo exits at once). */
    // 500, not 200: the wrapper now also binds /etc/netns/NS/hosts before it execs, and on a
    // loaded machine a missing program's exit came later than 200 ms (ProcessLabSpec).
    private static final long SETTLE_MILLIS = 500;

    private Spawns() {
    }

    /** One spawned process as recorded. */
    public record Tracked(String namespace, String name, int pid, long startTime, Path log) {
    }

    /** A process this run started, with its record and when it was started ({@link System#nanoTime}). */
    public record Started(Spawn spawn, Process process, Tracked tracked, long startNanos) {
    }

    /** A recorded process and what it is doing now: running, sleeping, stopped, zombie or gone. */
    public record Status(Tracked spawn, String state) {
    }

    private static final String RECORDS = "spawns";

    private static String logOf(String ns, String name) {
        return ns + "." + name + ".log";
    }

    /** The latest record of each spawn of the lab, in the order they were first started. */
    public static List<Tracked> tracked(String lab) {
        Map<String, Tracked> latest = new LinkedHashMap<>();
        try (LabDir dir = LabDir.open(lab, false)) {
            if (dir == null) {
                return List.of();
            }
            for (String line : dir.read(RECORDS).split("\n")) {
                String[] f = line.split(" ");
                if (f.length == 4) {
                    latest.put(f[0] + " " + f[1], new Tracked(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]),
                            dir.path(logOf(f[0], f[1]))));
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    /**
     * The lab's spawns and their state.
     * <p>Equivalent to: {@code ps -o pid,stat,cmd -p PID} for each recorded spawn.
     */
    public static List<Status> list(String lab) {
        List<Status> out = new ArrayList<>();
        for (Tracked t : tracked(lab)) {
            out.add(new Status(t, stateOf(t)));
        }
        return out;
    }

    private static String stateOf(Tracked t) {
        int fd = ProcessSignals.openIfSame(t.pid(), t.startTime());
        if (fd < 0) {
            return "gone";
        }
        try {
            String s = Processes.state(t.pid());
            if (s == null) {
                return "gone";
            }
            return switch (s) {
                case "R" -> "running";
                case "S", "D", "I" -> "sleeping";
                case "T", "t" -> "stopped";
                case "Z" -> "zombie";
                default -> s;
            };
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    static boolean alive(Tracked t) {
        String state = stateOf(t);
        return !state.equals("gone") && !state.equals("zombie");
    }

    /**
     * Starts every spawn of the lab that is not already running, adding each to {@code started}
     * as it starts (so that a caller can stop them when this fails half-way). Fails, naming the
     * script line and the log, when a new one exits with an error at once.
     */
    static void startMissing(Topology lab, Session s, List<Started> started) {
        Map<String, Tracked> running = new LinkedHashMap<>();
        for (Tracked t : tracked(lab.labName())) {
            if (alive(t)) {
                running.put(t.namespace() + " " + t.name(), t);
            }
        }
        if (lab.spawns().stream().allMatch(sp -> running.containsKey(sp.namespace() + " " + sp.name()))) {
            return;
        }
        try (LabDir dir = LabDir.open(lab.labName(), true)) {
            for (Spawn sp : lab.spawns()) {
                if (running.containsKey(sp.namespace() + " " + sp.name())) {
                    continue;
                }
                Process p;
                // The log is opened here, never through a link, and handed to the child by its
                // descriptor's /proc name, which leads to exactly the file opened.
                int log = -1;
                try {
                    log = dir.openForAppend(logOf(sp.namespace(), sp.name()));
                    NamespaceExec.Io io = NamespaceExec.Io.daemon(new java.io.File("/proc/self/fd/" + log));
                    p = Namespace.isHost(sp.namespace()) ? NamespaceExec.startHere(sp.argv(), io)
                            : NamespaceExec.start(s.handle(sp.namespace()), sp.argv(), io);
                } catch (RuntimeException e) {
                    throw new ApplyException(sp.location() + ": spawn '" + sp.name() + "' in " + Namespace.describe(sp.namespace())
                            + ": " + e.getMessage(), e);
                } finally {
                    Fds.closeQuietly(log);
                }
                long start = Processes.startTime((int) p.pid());
                dir.append(RECORDS, sp.namespace() + " " + sp.name() + " " + p.pid() + " " + start + "\n");
                started.add(new Started(sp, p, new Tracked(sp.namespace(), sp.name(), (int) p.pid(), start,
                        dir.path(logOf(sp.namespace(), sp.name()))), System.nanoTime()));
                dev.nslab.netns.Faults.point("spawn " + sp.name() + " started in " + sp.namespace());
            }
        }
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        for (Started e : started) {
            Spawn sp = e.spawn();
            Process p = e.process();
            try {
                if (p.waitFor(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS) && p.exitValue() != 0) {
                    String log = logOf(sp.namespace(), sp.name());
                    throw new ApplyException(sp.location() + ": spawn '" + sp.name() + "' in " + Namespace.describe(sp.namespace())
                            + " exited at once with status " + p.exitValue() + "; its log " + Paths.get(Labs.ROOT, lab.labName(), log)
                            + " ends:\n  " + tail(lab.labName(), log));
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new ApplyException("interrupted while starting spawn '" + sp.name() + "'");
            }
        }
    }

    /** @return the last lines of log file {@code log} (a name in the lab's directory) */
    static String tail(String lab, String log) {
        try (LabDir dir = LabDir.open(lab, false)) {
            List<String> lines = dir == null ? List.of() : dir.read(log).lines().toList();
            return lines.isEmpty() ? "(empty)" : String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** @return the file name of a spawn's log in its lab's directory */
    static String logName(Tracked t) {
        return logOf(t.namespace(), t.name());
    }

    /**
     * Stops the processes this run started (TERM, grace, KILL, by pidfd) and forgets their
     * records and logs (the error already quotes the log's tail): what a failed {@code up} undoes.
     */
    static void stopStarted(String lab, List<Started> started) {
        if (started.isEmpty()) {
            return;
        }
        List<Integer> pidfds = new ArrayList<>();
        for (Started st : started) {
            int fd = ProcessSignals.openIfSame(st.tracked().pid(), st.tracked().startTime());
            if (fd >= 0) {
                pidfds.add(fd);
            }
        }
        if (!pidfds.isEmpty()) {
            ProcessSignals.stopPidfds(pidfds, true);
        }
        List<String> gone = started.stream().map(st -> st.tracked().namespace() + " " + st.tracked().name() + " "
                + st.tracked().pid() + " " + st.tracked().startTime()).toList();
        try (LabDir dir = LabDir.open(lab, false)) {
            if (dir == null) {
                return;
            }
            started.forEach(st -> dir.remove(logName(st.tracked())));
            List<String> kept = dir.read(RECORDS).lines().filter(l -> !l.isBlank() && !gone.contains(l)).toList();
            dir.remove(RECORDS);
            if (!kept.isEmpty()) {
                dir.append(RECORDS, String.join("\n", kept) + "\n");
            }
        }
    }

    /**
     * Stops every recorded spawn of the lab that still runs (TERM, grace, KILL, by pidfd), then
     * removes the records and the logs. Returns how many were stopped.
     */
    static int stop(String lab) {
        List<Integer> pidfds = new ArrayList<>();
        List<Tracked> all = tracked(lab);
        for (Tracked t : all) {
            int fd = ProcessSignals.openIfSame(t.pid(), t.startTime());
            if (fd >= 0) {
                pidfds.add(fd);
            }
        }
        int stopped = pidfds.isEmpty() ? 0 : ProcessSignals.stopPidfds(pidfds, true);
        try (LabDir dir = LabDir.open(lab, false)) {
            if (dir != null) {
                for (Tracked t : all) {
                    dir.remove(logOf(t.namespace(), t.name()));
                }
                dir.remove(RECORDS);
            }
        }
        return stopped;
    }
}
