package dev.nslab.cli;

import dev.nslab.state.LabLock;
import dev.nslab.dsl.DslException;
import dev.nslab.plan.PlanException;
import picocli.CommandLine;

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

    private ExitCodes() {
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
        boolean verbose = Options.verbose;
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
