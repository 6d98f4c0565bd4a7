package dev.nslab.dsl;

import dev.nslab.sys.Environment;

import java.util.Map;

/**
 * What a script's {@code System.getenv('X')} and {@code System.getenv()} read: the environment
 * of the command that runs the script. For an nslab process of its own that is the process's
 * environment, as before; in the daemon (docs/daemon.md) it is the client's, so that
 * {@code STAR_N=500 nslab up star.netns.groovy} means the same either way.
 *
 * <p>{@link ScriptSystem} brings every way a script can name {@code getenv} here, and says how.
 */
public final class ScriptEnvironment {
    private ScriptEnvironment() {
    }

    /** {@code System.getenv(name)} of the command that runs the script. */
    public static String getenv(String name) {
        return Environment.get(name);
    }

    /** {@code System.getenv()} of the command that runs the script. */
    public static Map<String, String> getenv() {
        return Environment.variables();
    }
}
