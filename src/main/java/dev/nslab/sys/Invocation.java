package dev.nslab.sys;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One command's context: whom nslab is running it for. For a JVM of its own that is the JVM's
 * environment, terminal and streams; the daemon (docs/daemon.md) runs each client's command in
 * an invocation of that client's. It replaces what used to be process-wide state, reset between
 * the daemon's commands: the environment, {@code -v} and {@code -q}, and the fault injection
 * point ({@code NSLAB_PAUSE_AT}, counted per command).
 * <p>
 * The invocation in force is the calling thread's, inherited by the threads it starts (a
 * script's, a batch's, a namespace's), or else {@link #ownProcess() the process's own}.
 * <p>
 * The daemon also {@link #cancel() cancels} an invocation whose client went away: its command
 * ends at the next safe point (a {@link #point fault point}, where the journal already says what
 * was made), as a killed nslab would have ended, and the next {@code up} or {@code down}
 * converges as after a kill.
 */
public final class Invocation {
    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();

    private final Map<String, String> variables;
    private final boolean terminal;
    private final PrintStream out;
    private final PrintStream err;
    private final int pauseAt;
    private int reached;
    private volatile boolean verbose;
    private volatile boolean quiet;
    private volatile boolean cancelled;

    private Invocation(Map<String, String> variables, boolean terminal, PrintStream out, PrintStream err) {
        this.variables = variables;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
        this.pauseAt = parsePauseAt(variables == null ? System.getenv("NSLAB_PAUSE_AT") : variables.get("NSLAB_PAUSE_AT"));
    }

    /** This JVM's own command: its environment, its terminal, System.out and System.err as they are when used. */
    public static Invocation ownProcess() {
        return new Invocation(null, false, null, null);
    }

    /** A client's command, as the daemon runs it: the client's variables, terminal and descriptors. */
    public static Invocation forClient(Map<String, String> variables, boolean terminal, PrintStream out, PrintStream err) {
        return new Invocation(Map.copyOf(variables), terminal, out, err);
    }

    /** The invocation in force on this thread. */
    public static Invocation current() {
        Invocation i = CURRENT.get();
        return i == null ? Holder.PROCESS : i;
    }

    /** Runs {@code task} with this invocation in force on this thread and those it starts. */
    public <T> T run(Callable<T> task) throws Exception {
        Invocation before = CURRENT.get();
        CURRENT.set(this);
        try {
            return task.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The value of one of the command's environment variables, or null. */
    public String getenv(String name) {
        return variables == null ? System.getenv(name) : variables.get(name);
    }

    /** The command's environment (unmodifiable). */
    public Map<String, String> variables() {
        return variables == null ? System.getenv() : variables;
    }

    /** Whether this is a client's command (its environment must be given to the processes it starts). */
    public boolean isClient() {
        return variables != null;
    }

    /** Whether the command's standard input and output are a terminal (as {@code System.console()} tells a JVM). */
    public boolean terminal() {
        return variables == null ? System.console() != null : terminal;
    }

    /** The command's standard output. */
    public PrintStream out() {
        return out == null ? System.out : out;
    }

    /** The command's standard error. */
    public PrintStream err() {
        return err == null ? System.err : err;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    /** -v (or -q) given somewhere on the command line: they only add, as picocli meets them. */
    public void verbose(boolean v) {
        verbose |= v;
    }

    public void quiet(boolean q) {
        quiet |= q;
    }

    /** Ends the command at its next safe point (its client went away). */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /**
     * A safe point, after a step that changed the system: the journal already records it, so
     * the command may end here as if killed. Ends a {@link #cancel() cancelled} command here;
     * and with {@code NSLAB_PAUSE_AT=K} in the command's environment the K-th point prints
     * {@code nslab: paused at step K: WHAT} on stderr and waits, for a test to kill the process
     * (or, through the daemon, the client).
     *
     * @throws Cancelled if the command was cancelled
     */
    public void point(String what) {
        if (cancelled) {
            throw new Cancelled(what);
        }
        if (pauseAt == 0) {
            return;
        }
        synchronized (this) {
            if (++reached != pauseAt) {
                return;
            }
        }
        err().println("nslab: paused at step " + pauseAt + ": " + what);
        err().flush();
        while (!cancelled) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled(what + " (interrupted)");
            }
        }
        throw new Cancelled(what);
    }

    private static int parsePauseAt(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A cancelled command ending at a safe point. An Error, not an exception: nothing on the
     * way may take it for a failure to undo or to report; {@code finally} blocks close what
     * the command held, as a process's death would.
     */
    public static final class Cancelled extends Error {
        public Cancelled(String where) {
            super("cancelled after: " + where, null, false, false);
        }
    }

    /** The process's own invocation, made on first use (after the JVM's environment is there). */
    private static final class Holder {
        static final Invocation PROCESS = ownProcess();
    }
}
