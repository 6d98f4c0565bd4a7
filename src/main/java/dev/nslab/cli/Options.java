package dev.nslab.cli;

import dev.nslab.sys.Invocation;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * -v and -q, taken before or after the subcommand ({@code nslab -v up} and {@code nslab up -v}):
 * declared once, on the top command, and inherited by every subcommand (picocli's {@code ScopeType.INHERIT});
 * both set the per-command state, the {@link Invocation}'s.
 */
final class Options {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log each step with its time, and show stack traces on errors.")
    void setVerbose(boolean v) {
        Invocation.current().verbose(v);
        StderrLogging.level(quiet(), verbose());
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print errors only.")
    void setQuiet(boolean q) {
        Invocation.current().quiet(q);
        StderrLogging.level(quiet(), verbose());
    }

    /** Whether -v was given anywhere on the command line. */
    static boolean verbose() {
        return Invocation.current().verbose();
    }

    /** Whether -q was given anywhere on the command line. */
    static boolean quiet() {
        return Invocation.current().quiet();
    }
}
