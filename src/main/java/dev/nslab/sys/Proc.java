package dev.nslab.sys;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * This process as /proc shows it. /proc belongs to the PID namespace it was mounted in, which
 * need not be this process's: under {@code unshare --pid --fork} without {@code --mount-proc},
 * getpid() says 1 or 2 while /proc lists the process under its PID outside. So whatever is
 * compared with /proc uses what /proc itself says ({@code /proc/self}), never
 * {@code ProcessHandle.current().pid()}.
 */
public final class Proc {
    private static volatile long self;

    private Proc() {
    }

    /** This process's PID in /proc's PID namespace (readlink /proc/self). */
    public static long selfPid() {
        long pid = self;
        if (pid == 0) {
            try {
                pid = Long.parseLong(Files.readSymbolicLink(Paths.get("/proc/self")).toString());
            } catch (IOException | NumberFormatException e) {
                pid = ProcessHandle.current().pid(); // no /proc: nothing to compare with anyway
            }
            self = pid;
        }
        return pid;
    }

    /** Whether /proc shows PIDs as this process sees them (its own PID namespace's /proc). */
    public static boolean sameNamespace() {
        return selfPid() == ProcessHandle.current().pid();
    }

    /**
     * The PID under which /proc shows the process this process knows as {@code pid} (a child
     * it started, in its own PID namespace): the same number when /proc is this namespace's;
     * otherwise the process of this PID namespace whose innermost PID ({@code NSpid}) is
     * {@code pid}. -1 when there is none.
     */
    public static long inProc(long pid) {
        if (sameNamespace()) {
            return pid;
        }
        try {
            Path myNs = Files.readSymbolicLink(Paths.get("/proc/self/ns/pid"));
            File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
            for (File p : procs == null ? new File[0] : procs) {
                try {
                    if (!myNs.equals(Files.readSymbolicLink(p.toPath().resolve("ns/pid")))) {
                        continue;
                    }
                    for (String line : Files.readAllLines(p.toPath().resolve("status"))) {
                        if (line.startsWith("NSpid:")) {
                            String[] f = line.substring(6).trim().split("\\s+");
                            if (Long.parseLong(f[f.length - 1]) == pid) {
                                return Long.parseLong(p.getName());
                            }
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended while we looked, or not ours to read
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
