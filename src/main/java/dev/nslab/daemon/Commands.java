package dev.nslab.daemon;

import dev.nslab.sys.Invocation;

/** What the daemon runs: the command line's commands, given by the command line (cli). */
public interface Commands {
    /** The subcommand that {@code args} names (the first word after nslab's own options), or null. */
    String subcommand(String[] args);

    /** Runs {@code args} as a command of its own would, within {@code invocation} (its streams, its environment). */
    int run(String[] args, Invocation invocation);
}
