package dev.nslab.netns;

import dev.nslab.sys.Invocation;

/**
 * Numbered points between the steps that change the system: where a killed run leaves a
 * journal that the next run converges from. A test stops the runner at one to kill it
 * ({@code NSLAB_PAUSE_AT=K} in the command's environment: the K-th point prints
 * {@code nslab: paused at step K: WHAT} on stderr and waits), and the daemon ends a command
 * whose client went away at the next one. Per command: see {@link Invocation#point}.
 */
public final class Faults {
    private Faults() {
    }

    /** Marks that the step {@code what} just changed the system. */
    public static void point(String what) {
        Invocation.current().point(what);
    }
}
