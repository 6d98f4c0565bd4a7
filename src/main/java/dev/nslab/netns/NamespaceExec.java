package dev.nslab.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a program inside a named network namespace the way {@code ip netns exec} does: in the
 * namespace's network stack, in a mount namespace of its own (a slave of ours) where {@code /sys}
 * is a fresh sysfs of that namespace and every file under {@code /etc/netns/NS/} is bound over
 * its namesake in {@code /etc}.
 * <p>
 * How, and why this way: all namespace work happens in the child, none in the JVM.
 * {@code setns(CLONE_NEWNS)} is refused to a multi-threaded process such as the JVM, so the mount
 * part cannot happen here anyway. And starting the child from a thread that entered the network
 * namespace ({@link InNamespace#call}) is not safe either: {@code ProcessBuilder.start} creates
 * the JDK's "process reaper" thread from the calling thread, that thread inherits the namespace,
 * outlives the call (it waits for the child, then idles in a pool) and so keeps a foreign
 * namespace alive inside the JVM; measured: one such thread per spawn. So the child is started
 * from the caller's thread, as util-linux {@code nsenter --net=/proc/JVM/fd/FD}: the magic link
 * names exactly the nsfs file nslab opened and verified, so no file swapped under /run/netns
 * meanwhile can redirect it. nsenter execs {@code unshare --mount --propagation slave}, which
 * execs a short {@code sh} script that mounts sysfs and binds the {@code /etc/netns} files, then
 * {@code exec}s the program: no process stays in between, so the PID nslab gets is the
 * program's. The propagation is slave, as in iproute2, so that a later {@code umount} of a
 * namespace under /run/netns reaches the child's copy and the child never pins another namespace
 * (docs/kernel-facts.md, "Starting programs in a namespace").
 */
public final class NamespaceExec {
    /** The mount work; $1 is the namespace name, the rest is the program and its arguments. */
    static final String SETUP = String.join("\n",
            "ns=$1; shift",
            "opts=nosuid,nodev,noexec",
            "while read -r _ _ _ _ mp mo _; do",
            "  if [ \"$mp\" = /sys ]; then case \"$mo\" in ro|ro,*) opts=ro,$opts;; esac; fi",
            "done < /proc/self/mountinfo",
            "umount -l /sys 2>/dev/null",
            "mount -t sysfs -o \"$opts\" sysfs /sys || { echo \"nslab exec: cannot mount the sysfs of $ns on /sys\" >&2; exit 126; }",
            "if [ -d \"/etc/netns/$ns\" ]; then",
            "  for f in \"/etc/netns/$ns\"/*; do",
            "    [ -e \"$f\" ] || continue",
            "    t=/etc/${f##*/}",
            "    if [ -e \"$t\" ]; then mount --bind \"$f\" \"$t\" || exit 126",
            "    else echo \"nslab exec: not binding $f: $t does not exist\" >&2; fi",
            "  done",
            "fi",
            "exec \"$@\"");

    private static final long ENTER_TIMEOUT_NANOS = 5_000_000_000L;

    private NamespaceExec() {
    }

    /** Where the child's standard streams go, and whether it starts a session of its own. */
    public record Io(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err,
                     boolean newSession) {
        /** stdin, stdout and stderr passed through: an interactive shell works. */
        public static Io inherit() {
            return new Io(ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT,
                    ProcessBuilder.Redirect.INHERIT, false);
        }

        /** A daemon: stdin from /dev/null, stdout and stderr appended to a log, a session of its own. */
        public static Io daemon(java.io.File log) {
            return new Io(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")),
                    ProcessBuilder.Redirect.appendTo(log), ProcessBuilder.Redirect.appendTo(log), true);
        }
    }

    /**
     * The command line that runs {@code argv} inside namespace {@code ns}, which stays open until
     * the child has started.
     */
    static List<String> wrap(NetnsHandle ns, List<String> argv, boolean newSession) {
        // this JVM as /proc names it: not getpid() when /proc is another PID namespace's
        String fd = "/proc/" + dev.nslab.sys.Proc.selfPid() + "/fd/" + ns.fd();
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + fd, "--",
                "unshare", "--mount", "--propagation", "slave", "--", "sh", "-c", SETUP, "nslab-exec", ns.name()));
        if (newSession) {
            cmd.add("setsid");
        }
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * Starts {@code argv} inside the namespace {@code ns}; no JVM thread stays in it.
     * <p>Equivalent to: {@code ip netns exec NS CMD...} (with {@code setsid} for a daemon)
     */
    public static Process start(NetnsHandle ns, List<String> argv, Io io) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command to run in namespace " + ns.name());
        }
        ProcessBuilder pb = new ProcessBuilder(wrap(ns, argv, io.newSession()))
                .redirectInput(io.in()).redirectOutput(io.out()).redirectError(io.err());
        Process p = startOrExplain(pb, argv);
        awaitEntered(p, ns, argv);
        return p;
    }

    /**
     * Waits until the child is inside the namespace (or has ended): until then nsenter may not
     * have opened the fd through /proc yet, and the caller must not close it.
     */
    private static void awaitEntered(Process p, NetnsHandle ns, List<String> argv) {
        long deadline = System.nanoTime() + ENTER_TIMEOUT_NANOS;
        long inProc = dev.nslab.sys.Proc.inProc(p.pid());
        while (p.isAlive() && !Processes.isIn(inProc, ns)) {
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new NamespaceException("'" + String.join(" ", argv) + "' did not enter " + ns + " within "
                        + ENTER_TIMEOUT_NANOS / 1_000_000_000 + " s: nsenter hung; it was killed");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(0, 200_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Starts {@code argv} in the namespace the calling thread is in, without touching mounts
     * (for processes of the lab's "host").
     */
    public static Process startHere(List<String> argv, Io io) {
        List<String> cmd = new ArrayList<>();
        if (io.newSession()) {
            cmd.add("setsid");
        }
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(io.in()).redirectOutput(io.out()).redirectError(io.err());
        return startOrExplain(pb, argv);
    }

    private static Process startOrExplain(ProcessBuilder pb, List<String> argv) {
        if (dev.nslab.sys.Environment.isServed()) {
            // Run for a daemon's client: its process gets the client's environment, as it
            // would have inherited it from an nslab of its own.
            pb.environment().clear();
            pb.environment().putAll(dev.nslab.sys.Environment.variables());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", argv) + ": " + e.getMessage()
                    + " (nslab needs util-linux nsenter, unshare, setsid and mount in PATH)", e);
        }
    }
}
