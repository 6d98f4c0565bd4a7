package dev.nslab.cli;

import sun.misc.Signal;

/**
 * Terminal signals for the long-running subcommands. {@code exec} ignores SIGINT while its
 * child runs (the child gets them from the terminal and decides, as a shell ignores
 * them), so nslab never exits and leaves the child behind; {@code monitor} turns SIGINT and
 * SIGTERM into a clean stop.
 */
final class Signals {
    private Signals() {
    }

    /** Ignores Ctrl-C in this JVM (Ctrl-backslash only makes the JVM print its threads). */
    static void ignoreTerminalSignals() {
        Signal.handle(new Signal("INT"), s -> { });
    }

    /** Runs {@code onStop} on SIGINT or SIGTERM instead of exiting at once. */
    static void onStop(Runnable onStop) {
        Signal.handle(new Signal("INT"), s -> onStop.run());
        Signal.handle(new Signal("TERM"), s -> onStop.run());
    }
}
