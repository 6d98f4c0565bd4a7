package dev.nslab.cli;

import dev.nslab.state.LabLock;
import dev.nslab.dsl.DslException;
import dev.nslab.plan.PlanException;
import picocli.CommandLine;

import java.util.Map;

/**
 * Exit status, in one place: 0 success; 1 the lab could not be applied or an expectation
 * failed; 2 a usage or script error (nothing was changed). Usage errors are the
 * IllegalArgumentExceptions: a bad name, a bad capture filter word
 * ({@code capture.Filter.FilterException}), no such namespace or interface to capture on
 * ({@code capture.UnknownTargetException}).
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** What each command's exit codes mean where they say more than {@link #GENERAL}, by the command's full name. */
    private static final Map<String, Map<String, String>> SPECIFIC = Map.ofEntries(
            Map.entry("nslab up", Map.of("1", "the lab could not be applied (what this run made is undone), or an expectation failed")),
            Map.entry("nslab check", Map.of("1", "an expectation failed (the table says which)")),
            Map.entry("nslab doctor", Map.of("0", "healthy: nothing is wrong", "1", "something is wrong: one finding a line, each with what to do")),
            Map.entry("nslab down", Map.of("1", "no lab of that name is up (the labs that are, listed), or a process still holds one of its namespaces (named)")),
            Map.entry("nslab delete", Map.of("1", "another process still holds a namespace (named: an open fd, a mount copy, a socket)")),
            Map.entry("nslab graph", Map.of("1", "no lab of that name is up, or dot failed")),
            Map.entry("nslab ps", Map.of("1", "no lab of that name is up")),
            Map.entry("nslab capture", Map.of("0", "it ended with Ctrl-C, -c or --timeout",
                    "1", "the capture failed or the interface went away",
                    "2", "a usage error (a bad filter word, no such namespace or interface)")),
            Map.entry("nslab exec", Map.of("N", "the command's own exit status (128+S when signal S ended it)",
                    "1, 2", "also nslab's own failure or usage error (no such namespace), before the command starts")),
            Map.entry("nslab sandbox", Map.of("N", "the command's own exit status (128+S when signal S ended it)",
                    "1, 2", "also the lab's failure or script error, before the command starts")),
            Map.entry("nslab daemon status", Map.of("1", "no nslab daemon is running here")));

    /** The meaning of 0, 1 and 2 for every command. */
    private static final Map<String, String> GENERAL = Map.of(
            "0", "success",
            "1", "failure: the kernel refused a step, or the lab is not in a state that allows it (the message says what to do)",
            "2", "usage or script error (FILE:LINE): nothing was changed");

    private ExitCodes() {
    }

    /**
     * Ends the help of {@code cl} and of each of its subcommands with their exit codes, from this
     * one place (picocli's exit code list).
     */
    static void describe(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName();
        Map<String, String> codes = new java.util.TreeMap<>(java.util.Comparator.comparing(
                (String k) -> k.equals("N") ? "" : k)); // N (a command's own status) first, then 0, 1, 2
        codes.putAll(GENERAL);
        Map<String, String> specific = SPECIFIC.getOrDefault(name, Map.of());
        if (specific.containsKey("N")) {
            codes.clear(); // the command's own status, whatever it is; nslab's own 1 and 2 said beside it
        }
        codes.putAll(specific);
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(ExitCodes::describe);
    }

    static int of(Throwable t) {
        if (t instanceof DslException || t instanceof PlanException || t instanceof IllegalArgumentException
                || t instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILED;
    }

    /** Prints the message alone; the stack trace only with -v. */
    static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = Options.verbose();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof DslException || e instanceof PlanException) {
            // every mistake found, one per line, as a compiler lists them
            message.lines().forEach(line -> cl.getErr().println("nslab: " + line));
        } else {
            cl.getErr().println("nslab: " + message);
        }
        if (verbose) {
            e.printStackTrace(cl.getErr());
        }
        if (e instanceof LabLock.LabBusyException) {
            return FAILED;
        }
        return of(e);
    }
}
