package dev.nslab.netns;

/**
 * Numbered points between the steps that change the system, where a test can stop the runner
 * to kill it with SIGKILL: with {@code NSLAB_PAUSE_AT=K} in the environment, the K-th point
 * reached prints {@code nslab: paused at step K: WHAT} on stderr and waits forever. Without
 * the variable a point costs one comparison.
 */
public final class Faults {
    private static final int PAUSE_AT = parse(System.getenv("NSLAB_PAUSE_AT"));
    private static int reached;

    private Faults() {
    }

    private static int parse(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Marks that the step {@code what} just changed the system. */
    public static synchronized void point(String what) {
        if (PAUSE_AT == 0) {
            return;
        }
        reached++;
        if (reached == PAUSE_AT) {
            System.err.println("nslab: paused at step " + reached + ": " + what);
            System.err.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
