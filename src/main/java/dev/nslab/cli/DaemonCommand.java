package dev.nslab.cli;

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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nslab daemon serve|status|stop}: the resident nslab that the launcher's client talks to (docs/daemon.md). */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "The resident nslab that ./nslab hands commands to (status, stop; serve is the launcher's).",
        subcommands = {DaemonCommand.Serve.class, DaemonCommand.Status.class, DaemonCommand.Stop.class})
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
                description = "end after this long without a command (default: ${DEFAULT-VALUE})")
        long idleSeconds;

        @Override
        public Integer call() throws IOException {
            return new Daemon(socket.toAbsolutePath(), Duration.ofSeconds(Math.max(1, idleSeconds))).serve();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The daemons of this user here: PID, resident memory, working directory, socket. Exit 1 if none.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Running> daemons = running();
            PrintWriter out = spec.commandLine().getOut();
            if (daemons.isEmpty()) {
                out.println("no nslab daemon is running here");
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
            description = "Stop the daemons of this user here (SIGTERM by pidfd, as a killed nslab ends), and wait until they are gone.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            for (Running d : running()) {
                try {
                    int pidfd = Pidfds.open((int) d.pid());
                    try {
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

    /** A live daemon found through its pid file. */
    record Running(long pid, String rss, String directory, Path socket) {
    }

    /**
     * The daemons whose pid files are in {@link Daemon#DIRECTORY} and whose process is really an
     * nslab daemon serving that socket (a stale pid file, or a reused PID, is not one).
     */
    static List<Running> running() {
        List<Running> found = new ArrayList<>();
        Path dir = Paths.get(Daemon.DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path pidFile : pids) {
                Path socket = Daemon.sibling(pidFile, ".sock");
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(pidFile).trim());
                } catch (IOException | NumberFormatException e) {
                    continue;
                }
                Path proc = Paths.get("/proc", Long.toString(pid));
                String cmdline;
                try {
                    cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                if (!cmdline.contains(" daemon serve ") || !cmdline.contains(socket.toString())) {
                    continue;
                }
                String directory;
                try {
                    directory = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                } catch (IOException e) {
                    directory = "?";
                }
                found.add(new Running(pid, rss(proc), directory, socket));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static String rss(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return (kib / 1024) + " MiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }
}
