package dev.nslab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every subcommand takes: -v and -q. */
final class Options {
    static boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Log each step, and show stack traces on errors.")
    void setVerbose(boolean v) {
        verbose = v;
        if (v) {
            level(Level.DEBUG);
        }
    }

    @Option(names = {"-q", "--quiet"}, description = "Print errors only.")
    boolean quiet;

    private static void level(Level l) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(l);
    }
}
