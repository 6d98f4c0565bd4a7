package dev.nslab.cli;

import dev.nslab.daemon.Daemon;
import dev.nslab.daemon.DaemonFiles;
import dev.nslab.daemon.DaemonFiles.Running;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Pidfds;
import dev.nslab.sys.SysException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nslab daemon serve|status|stop}: the resident nslab that the launcher's client talks to (docs/daemon.md). */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "The resident nslab that ./nslab hands commands to (start, status, stop; serve is the launcher's).",
        subcommands = {DaemonCommand.Start.class, DaemonCommand.Serve.class, DaemonCommand.Status.class, DaemonCommand.Stop.class})
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve nslab-client on SOCKET until idle (the launcher starts this after a command it ran in a JVM of its own).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--socket", required = true, paramLabel = "SOCKET",
                description = "the socket, as `nslab-client --socket-path JAR` names it for this context")
        Path socket;
        @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "600",
                description = "end after this long without a command, 0 for never (default: ${DEFAULT-VALUE})")
        long idleSeconds;

        @Override
        public Integer call() throws IOException {
            Duration idle = idleSeconds == 0 ? Daemon.NEVER_IDLE : Duration.ofSeconds(Math.max(1, idleSeconds));
            return new Daemon(socket.toAbsolutePath(), idle, new Main.DaemonCommands(), ScriptTrust.effectiveUid()).serve();
        }
    }

    /**
     * The model of {@code nslab daemon start} for help, man page and completion. The launcher
     * runs it (src/main/sh/launch.bash): only it knows the client that names this context's
     * socket. Reached here only when the jar is run without the launcher.
     */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start the daemon for this directory now (as root), before any command: the first served command"
                    + " then finds it warm. The .deb's nslab-daemon.service runs `nslab daemon start --foreground --idle 0`"
                    + " in /root at boot.",
                    "Run by the launcher (./nslab, /usr/bin/nslab), which builds the daemon's client; `java -jar` has no daemon."})
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--foreground", description = "serve in this process (a systemd service), logging to stderr")
        boolean foreground;
        @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "600",
                description = "end after this long without a command, 0 for never (default: ${DEFAULT-VALUE})")
        long idleSeconds;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("nslab daemon start: run it through the launcher (./nslab or /usr/bin/nslab),"
                    + " which builds the daemon's client; a jar run with java -jar has no daemon");
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The daemons of this user serving this directory (all directories with --all): PID, resident memory,"
                    + " directory, socket. Exit 1 if none.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--all", description = "the daemons of every directory, not only this one's")
        boolean all;

        @Override
        public Integer call() {
            List<Running> daemons = DaemonFiles.running(ScriptTrust.effectiveUid(), all);
            PrintWriter out = spec.commandLine().getOut();
            if (daemons.isEmpty()) {
                out.println("no nslab daemon is running " + (all ? "" : "for this directory"));
                out.flush();
                return ExitCodes.FAILED;
            }
            out.printf("%8s %8s  %-40s %s%n", "PID", "RSS", "DIRECTORY", "SOCKET");
            for (Running d : daemons) {
                out.printf("%8d %8s  %-40s %s%n", d.pid(), d.rss(), d.directory(), d.socket());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the daemons of this user serving this directory (every directory with --all): SIGTERM by pidfd,"
                    + " and wait until they are gone.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--all", description = "the daemons of every directory, not only this one's")
        boolean all;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            for (Running d : DaemonFiles.running(ScriptTrust.effectiveUid(), all)) {
                try {
                    int pidfd = Pidfds.open((int) d.pid());
                    try {
                        // The pidfd holds the process: if it is still the daemon now, the signal reaches it.
                        if (!d.socket().equals(DaemonFiles.servedSocket(Paths.get("/proc", Long.toString(d.pid()))))) {
                            continue;
                        }
                        Pidfds.sendSignal(pidfd, Pidfds.SIGTERM);
                        if (!Fds.pollReadable(pidfd, 10_000)) {
                            spec.commandLine().getErr().println("nslab: daemon " + d.pid() + " did not end within 10 s");
                            failed++;
                            continue;
                        }
                    } finally {
                        Fds.closeQuietly(pidfd);
                    }
                } catch (SysException e) {
                    continue; // ended meanwhile
                }
                if (!Options.quiet()) {
                    out.println("stopped nslab daemon " + d.pid() + " (" + d.directory() + ")");
                }
            }
            out.flush();
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
