package dev.nslab.sys;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The environment of the command nslab is running for: its variables, and whether it has a
 * terminal. For a process of its own that is the JVM's; the daemon (docs/daemon.md) runs each
 * client's command with the client's, one command at a time. Whatever reads the caller's
 * environment reads it here: the scripts' {@code System.getenv} (rewritten by the DSL's
 * compiler to come here), {@code SUDO_UID}, {@code NO_COLOR}, and the environment of spawned
 * processes.
 */
public final class Environment {
    /** The command being served by the daemon; null: this process's own. */
    private static volatile Environment served;

    private final Map<String, String> variables;
    private final boolean terminal;

    private Environment(Map<String, String> variables, boolean terminal) {
        this.variables = Map.copyOf(variables);
        this.terminal = terminal;
    }

    /** The value of an environment variable of the command, or null. */
    public static String get(String name) {
        Environment e = served;
        return e == null ? System.getenv(name) : e.variables.get(name);
    }

    /** All environment variables of the command (unmodifiable). */
    public static Map<String, String> variables() {
        Environment e = served;
        return e == null ? System.getenv() : e.variables;
    }

    /** Whether the command's standard input and output are a terminal (as {@code System.console()} tells a JVM). */
    public static boolean terminal() {
        Environment e = served;
        return e == null ? System.console() != null : e.terminal;
    }

    /** Whether a client's environment is in force (a spawned process must then be given it). */
    public static boolean isServed() {
        return served != null;
    }

    /**
     * Runs {@code task} with another command's environment in force for the whole process.
     * The daemon serves one command at a time, so one is in force at a time.
     */
    public static <T> T serving(Map<String, String> variables, boolean terminal, Callable<T> task) throws Exception {
        synchronized (Environment.class) {
            served = new Environment(variables, terminal);
            try {
                return task.call();
            } finally {
                served = null;
            }
        }
    }
}
