package dev.nslab.cli;

import dev.nslab.daemon.Commands;
import dev.nslab.sys.Invocation;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

import java.util.List;

/** The {@code nslab} command line: one class per subcommand, exit codes in {@link ExitCodes}. */
@Command(name = "nslab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Network-namespace labs from *.netns.groovy scripts, applied with batched rtnetlink.")
public final class Main {
    /** The subcommands, in the order --help lists them (a holder: a bare --version loads none of them). */
    private static final class Subcommands {
        static final List<Class<?>> ALL = List.of(UpCommand.class, DownCommand.class, PlanCommand.class,
                ShowCommand.class, ListCommand.class, SandboxCommand.class, UnitCommand.class,
                CheckCommand.class, DoctorCommand.class, GraphCommand.class,
                ShapeCommand.class, ExecCommand.class, PidsCommand.class, IdentifyCommand.class, MonitorCommand.class, CaptureCommand.class, PsCommand.class,
                DeleteCommand.class, DaemonCommand.class, CommandLine.HelpCommand.class);
    }

    @picocli.CommandLine.Mixin
    Options options;
    @picocli.CommandLine.Mixin
    Style style;

    public static void main(String[] args) {
        // picocli looks for Groovy closures with Class.forName("groovy.lang.Closure"), which
        // starts Groovy's whole runtime (about 0.25 s) on the main thread, even for a command
        // that runs no script. Commands that do run one start it beside the parsing instead.
        System.setProperty("picocli.disable.closures", "true");
        String first = subcommandName(args);
        if (("--version".equals(first) || "-V".equals(first)) && args[args.length - 1].equals(first)) {
            // What picocli would print, without picocli: its classes are too old for the
            // class-data archive, and loading them is most of a bare --version (bench/startup).
            try {
                System.out.println(versionLine());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.exit(ExitCodes.OK);
        }
        if (!onlyTalks(args)) {
            StderrLogging.install(); // the program's logging is the command line's, not the library's
            java.util.Arrays.stream(args).filter(a -> a.endsWith(".groovy")).findFirst()
                    .ifPresent(dev.nslab.dsl.ScriptRunner::warmUpInBackground);
            dev.nslab.apply.Applier.warmUpInBackground();
        }
        System.exit(run(args));
    }

    /**
     * Whether the command line only prints about nslab ({@code --version}, {@code --help},
     * usage, {@code help}): then neither logging (logback) nor netlink (jnr-ffi) is loaded,
     * which is most of such a command's start (bench/README.md).
     */
    static boolean onlyTalks(String[] args) {
        List<String> words = java.util.Arrays.stream(args)
                .filter(a -> !(a.equals("-v") || a.equals("--verbose") || a.equals("-q") || a.equals("--quiet"))).toList();
        // `nslab SUB --help`, but not `nslab exec NS cmd --help`, whose --help is the command's
        return words.isEmpty() || words.get(0).startsWith("-") || words.get(0).equals("help")
                || words.size() == 2 && (words.get(1).equals("--help") || words.get(1).equals("-h"));
    }

    /** Runs the command line and returns the exit status (for tests and the library). */
    public static int run(String... args) {
        return run(args, Invocation.ownProcess());
    }

    /**
     * Runs the command line within {@code invocation}: its -v and -q, its environment (NSLAB_LOG
     * among it), and for a client of the daemon its streams.
     */
    static int run(String[] args, Invocation invocation) {
        try {
            return invocation.run(() -> {
                StderrLogging.level(false, false);
                CommandLine cl = commandLine(args);
                if (invocation.isClient()) {
                    cl.setOut(new PrintWriter(new OutputStreamWriter(invocation.out(), StandardCharsets.UTF_8), true));
                    cl.setErr(new PrintWriter(new OutputStreamWriter(invocation.err(), StandardCharsets.UTF_8), true));
                }
                return cl.execute(args);
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // execute() throws none
        }
    }

    /** What the daemon runs: this command line. */
    static final class DaemonCommands implements Commands {
        @Override
        public String subcommand(String[] args) {
            return subcommandName(args);
        }

        @Override
        public int run(String[] args, Invocation invocation) {
            return Main.run(args, invocation);
        }
    }

    /**
     * The command line that {@code args} will run: nslab's options, the subcommands, the exit
     * codes. picocli builds the model of every registered subcommand by reflection, and its
     * classes are too old for the class-data archive: registering only the one the arguments
     * name saves about a quarter of a second. Help, usage errors and the like get all of them
     * (and so does the build, for the man pages and shell completion).
     *
     * @param args the arguments that will be run
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = subcommandNamed(args);
        if (named == null && onlyAboutNslab(args)) {
            // `nslab --version` needs no subcommand, `nslab --help` only their names and
            // descriptions: read off their @Command annotations, without picocli's reflection
            // of every option (a third of a second, which these commands are most of).
            for (Class<?> c : Subcommands.ALL) {
                Command command = c.getAnnotation(Command.class);
                CommandLine.Model.CommandSpec listed = CommandLine.Model.CommandSpec.create().name(command.name())
                        .aliases(command.aliases());
                listed.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
                cl.addSubcommand(command.name(), new CommandLine(listed));
            }
        } else {
            for (Class<?> c : named == null ? Subcommands.ALL : List.of(named)) {
                cl.addSubcommand(c);
            }
        }
        cl.getSubcommands().values().stream().filter(sub -> sub.getCommand() instanceof RunsACommand)
                .forEach(sub -> sub.setStopAtPositional(true));
        ExitCodes.describe(cl);
        cl.setExecutionExceptionHandler(ExitCodes::handle);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        return cl;
    }

    /**
     * Whether the arguments are nslab's own --help, -h, --version or -V, and nothing else but
     * -v/-q. (No arguments at all is the build's and the specs' way to ask for every command.)
     */
    private static boolean onlyAboutNslab(String[] args) {
        String first = subcommandName(args);
        return first != null && args.length - java.util.Arrays.asList(args).indexOf(first) == 1
                && List.of("--help", "-h", "--version", "-V").contains(first);
    }

    /** The first word after nslab's own options (the subcommand's name, or not), or null. */
    static String subcommandName(String[] args) {
        for (String a : args) {
            if (!(a.equals("-v") || a.equals("--verbose") || a.equals("-q") || a.equals("--quiet"))) {
                return a;
            }
        }
        return null;
    }

    /** The subcommand the first word after nslab's own options names, or null. */
    private static Class<?> subcommandNamed(String[] args) {
        String name = subcommandName(args);
        for (Class<?> c : Subcommands.ALL) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && command.name().equals(name) && c != CommandLine.HelpCommand.class) {
                return c;
            }
        }
        return null;
    }

    /**
     * {@code nslab VERSION (commit C)}: the version and git commit recorded at build time
     * (version.properties, written by src/build/version.sh), or "built outside git" when there
     * was no commit.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            return new String[]{versionLine()};
        }
    }

    /** The line {@code --version} prints. (Here, not in {@link Version}: a bare --version loads no picocli class.) */
    static String versionLine() throws java.io.IOException {
        java.util.Properties build = new java.util.Properties();
        try (var in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                build.load(in);
            }
        }
        return describeVersion(build);
    }

    /** The version line for what the build recorded (nothing recorded: "development"). */
    static String describeVersion(java.util.Properties build) {
        String version = build.getProperty("version", "");
        String commit = build.getProperty("commit", "");
        String source = commit.isBlank() ? "built outside git"
                : "commit " + commit + ("true".equals(build.getProperty("dirty")) ? " with uncommitted changes" : "");
        return "nslab " + (version.isBlank() ? "development" : version) + " (" + source + ")";
    }
}
