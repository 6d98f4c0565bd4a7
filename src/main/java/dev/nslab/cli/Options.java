package dev.nslab.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * -v and -q, taken before or after the subcommand ({@code nslab -v up} and {@code nslab up -v}):
 * declared once, on the top command, and inherited by every subcommand (picocli's {@code ScopeType.INHERIT}).
 */
final class Options {
    static boolean verbose;
    private static boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log each step with its time, and show stack traces on errors.")
    void setVerbose(boolean v) {
        verbose |= v;
        StderrLogging.level(quiet, verbose);
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print errors only.")
    void setQuiet(boolean q) {
        quiet |= q;
        StderrLogging.level(quiet, verbose);
    }

    /** Forgets -v and -q, for the daemon's next command. */
    static void reset() {
        verbose = false;
        quiet = false;
        StderrLogging.level(false, false);
    }

    /** Whether -q was given anywhere on the command line. */
    static boolean quiet() {
        return quiet;
    }
}
