package dev.nslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nslab} command line: one class per subcommand, exit codes in {@link ExitCodes}. */
@Command(name = "nslab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Network-namespace labs from *.netns.groovy scripts, applied with batched rtnetlink.",
        subcommands = {UpCommand.class, DownCommand.class, PlanCommand.class, ShowCommand.class, ListCommand.class,
                SandboxCommand.class, UnitCommand.class,
                CheckCommand.class, DoctorCommand.class, GraphCommand.class,
                ExecCommand.class, PidsCommand.class, IdentifyCommand.class, MonitorCommand.class, PsCommand.class,
                DeleteCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    @picocli.CommandLine.Mixin
    Options options;

    public static void main(String[] args) {
        dev.nslab.apply.Applier.warmUpInBackground();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests and the library). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(ExitCodes::handle);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"nslab " + (v == null ? "development" : v)};
        }
    }
}
