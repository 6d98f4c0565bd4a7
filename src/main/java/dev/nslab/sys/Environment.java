package dev.nslab.sys;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The environment of the command nslab is running for: the {@link Invocation} in force, so the
 * JVM's for a process of its own, a client's when the daemon (docs/daemon.md) runs it. Whatever
 * reads the caller's environment reads it here: the scripts' {@code System.getenv} (rewritten by
 * the DSL's compiler to come here), {@code SUDO_UID}, {@code NO_COLOR}, {@code NSLAB_*}
 * settings, and the environment of spawned processes.
 */
public final class Environment {
    private Environment() {
    }

    /** The value of an environment variable of the command, or null. */
    public static String get(String name) {
        return Invocation.current().getenv(name);
    }

    /** All environment variables of the command (unmodifiable). */
    public static Map<String, String> variables() {
        return Invocation.current().variables();
    }

    /** Whether the command's standard input and output are a terminal (as {@code System.console()} tells a JVM). */
    public static boolean terminal() {
        return Invocation.current().terminal();
    }

    /** Whether a client's environment is in force (a spawned process must then be given it). */
    public static boolean isServed() {
        return Invocation.current().isClient();
    }

    /**
     * Runs {@code task} with a client's environment in force (on this thread and those it
     * starts), as the daemon runs a client's command.
     */
    public static <T> T serving(Map<String, String> variables, boolean terminal, Callable<T> task) throws Exception {
        return Invocation.forClient(variables, terminal, null, null).run(task);
    }
}
