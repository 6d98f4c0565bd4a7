package dev.nslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** The {@code nslab} command line: one class per subcommand, exit codes in {@link ExitCodes}. */
@Command(name = "nslab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Network-namespace labs from *.netns.groovy scripts, applied with batched rtnetlink.")
public final class Main {
    /** The subcommands, in the order --help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(UpCommand.class, DownCommand.class, PlanCommand.class,
            ShowCommand.class, ListCommand.class, SandboxCommand.class, UnitCommand.class,
            CheckCommand.class, DoctorCommand.class, GraphCommand.class,
            ShapeCommand.class, ExecCommand.class, PidsCommand.class, IdentifyCommand.class, MonitorCommand.class, CaptureCommand.class, PsCommand.class,
            DeleteCommand.class, DaemonCommand.class, CommandLine.HelpCommand.class);

    @picocli.CommandLine.Mixin
    Options options;

    public static void main(String[] args) {
        StderrLogging.install(); // the program's logging is the command line's, not the library's
        // picocli looks for Groovy closures with Class.forName("groovy.lang.Closure"), which
        // starts Groovy's whole runtime (about 0.25 s) on the main thread, even for a command
        // that runs no script. Commands that do run one start it beside the parsing instead.
        System.setProperty("picocli.disable.closures", "true");
        if (java.util.Arrays.stream(args).anyMatch(a -> a.endsWith(".groovy"))) {
            dev.nslab.dsl.ScriptRunner.warmUpInBackground();
        }
        dev.nslab.apply.Applier.warmUpInBackground();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests and the library). */
    public static int run(String... args) {
        Options.reset(); // -v and -q are process-wide: a caller running many commands starts each afresh
        return commandLine(args).execute(args);
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
        for (Class<?> c : named == null ? SUBCOMMANDS : List.of(named)) {
            cl.addSubcommand(c);
        }
        cl.setExecutionExceptionHandler(ExitCodes::handle);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        return cl;
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
        for (Class<?> c : SUBCOMMANDS) {
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
            java.util.Properties build = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            return new String[]{describe(build)};
        }

        /** The version line for what the build recorded (nothing recorded: "development"). */
        static String describe(java.util.Properties build) {
            String version = build.getProperty("version", "");
            String commit = build.getProperty("commit", "");
            String source = commit.isBlank() ? "built outside git"
                    : "commit " + commit + ("true".equals(build.getProperty("dirty")) ? " with uncommitted changes" : "");
            return "nslab " + (version.isBlank() ? "development" : version) + " (" + source + ")";
        }
    }
}
