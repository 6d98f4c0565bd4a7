package dev.nslab.apply;

import dev.nslab.model.Namespace;
import dev.nslab.model.Readiness;
import dev.nslab.model.Spawn;
import dev.nslab.model.Topology;
import dev.nslab.state.LabDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ready 'tcp:PORT'}, {@code 'udp:PORT'} and {@code 'log:REGEX'}: waits until each spawn
 * that declares one shows it, or fails {@code up} with the tail of its log when the process
 * ends first or the time runs out.
 * <p>
 * A port counts only when the socket is the spawn's own: its inode (the {@code inode} column of
 * {@code /proc/PID/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}, read through the spawn's
 * PID, so in its network namespace) must be one of the {@code socket:[INODE]} links under
 * {@code /proc/P/fd} of the spawn or one of its descendants. Another program listening on that
 * port in the namespace does not make the spawn ready.
 */
public final class SpawnReadiness {
    /** Between two looks at /proc: short against the time a server takes to bind, cheap to repeat. */
    private static final long POLL_MILLIS = 10;
    private static final String TCP_LISTEN = "0A";

    private SpawnReadiness() {
    }

    /** A spawn that became ready, and how long after its start (one already running: after up began to wait) it was seen so. */
    public record Waited(Spawn spawn, Duration took) {
    }

    /**
     * Waits for every spawn of {@code lab} that declares {@code ready}: those {@code started} by
     * this run, and those an earlier up started (which are normally ready at the first look).
     *
     * @throws ApplyException naming the script line, what was awaited and the log's last lines
     */
    static List<Waited> await(Topology lab, List<Spawns.Started> started) {
        List<Waited> out = new ArrayList<>();
        List<Spawns.Tracked> recorded = Spawns.tracked(lab.labName());
        long t0 = System.nanoTime();
        for (Spawn sp : lab.spawns()) {
            if (sp.ready() == null) {
                continue;
            }
            Optional<Spawns.Started> fresh = started.stream().filter(st -> st.spawn().equals(sp)).findFirst();
            Spawns.Tracked t = fresh.map(Spawns.Started::tracked).orElseGet(() -> recorded.stream()
                    .filter(r -> r.namespace().equals(sp.namespace()) && r.name().equals(sp.name())).findFirst()
                    .orElseThrow(() -> new ApplyException(sp.location() + ": spawn '" + sp.name() + "' has no record in "
                            + dev.nslab.state.Labs.ROOT + "/" + lab.labName() + "/spawns")));
            // A fresh spawn's time counts from its start; one an earlier up started, from now.
            out.add(awaitOne(lab.labName(), sp, t, fresh.map(Spawns.Started::process).orElse(null),
                    fresh.map(Spawns.Started::startNanos).orElse(t0)));
        }
        return out;
    }

    private static Waited awaitOne(String lab, Spawn sp, Spawns.Tracked t, Process process, long t0) {
        Readiness r = sp.ready();
        long deadline = t0 + r.within().toNanos();
        Pattern pattern = r.kind() == Readiness.Kind.LOG ? Pattern.compile(r.pattern()) : null;
        while (true) {
            boolean alive = process != null ? process.isAlive() : Spawns.alive(t);
            if (pattern != null ? logMatches(lab, t, pattern) : listens(t.pid(), r)) {
                return new Waited(sp, Duration.ofNanos(System.nanoTime() - t0));
            }
            if (!alive) {
                String status = process != null ? " with status " + process.exitValue() : "";
                throw failure(lab, sp, t, "exited" + status + " before it was ready (" + r.describe() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw failure(lab, sp, t, "was not ready within " + seconds(r.within()) + " (" + r.describe() + ": "
                        + (pattern != null ? "no line of its log matches" : "no " + (r.kind() == Readiness.Kind.TCP
                        ? "listening TCP" : "bound UDP") + " socket of its process tree on port " + r.port())
                        + "); give it longer with ready '" + r.describe() + "' within '30s'");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException("interrupted while waiting for spawn '" + sp.name() + "' to be ready");
            }
        }
    }

    private static ApplyException failure(String lab, Spawn sp, Spawns.Tracked t, String what) {
        return new ApplyException(sp.ready().location() + ": spawn '" + sp.name() + "' in " + Namespace.describe(sp.namespace())
                + " " + what + "; its log " + t.log() + " ends:\n  " + Spawns.tail(lab, Spawns.logName(t)));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static boolean logMatches(String lab, Spawns.Tracked t, Pattern pattern) {
        try (LabDir dir = LabDir.open(lab, false)) {
            return dir != null && dir.read(Spawns.logName(t)).lines().anyMatch(l -> pattern.matcher(l).find());
        }
    }

    /**
     * True when a socket on the port, in the state that means ready, belongs to {@code pid} or a
     * descendant. The tables are read through {@code /proc/PID/net}: the spawn's namespace.
     */
    public static boolean listens(int pid, Readiness r) {
        Set<String> inodes = new HashSet<>();
        boolean tcp = r.kind() == Readiness.Kind.TCP;
        for (String table : tcp ? List.of("tcp", "tcp6") : List.of("udp", "udp6")) {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/net/" + table), StandardCharsets.US_ASCII)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].contains(":")) {
                        continue; // the header
                    }
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    if (port == r.port() && (!tcp || f[3].equals(TCP_LISTEN)) && !f[9].equals("0")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException e) {
                return false; // the process is gone: the caller sees it
            }
        }
        if (inodes.isEmpty()) {
            return false;
        }
        List<Long> tree = new ArrayList<>();
        tree.add((long) pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> tree.add(d.pid())));
        for (long p : tree) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/" + p + "/fd"))) {
                for (Path fd : fds) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                            return true;
                        }
                    } catch (IOException ignored) {
                        // the fd was closed meanwhile
                    }
                }
            } catch (IOException ignored) {
                // the process ended meanwhile
            }
        }
        return false;
    }
}
