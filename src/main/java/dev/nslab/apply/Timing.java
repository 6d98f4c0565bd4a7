package dev.nslab.apply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How long each phase of {@code up} and {@code down} took (logged with -v), and the pauses between polls. */
final class Timing {
    private static final Logger LOG = LoggerFactory.getLogger(Timing.class);

    private Timing() {
    }

    /** Logs how long a phase took (with -v), and returns the start of the next one. */
    static long phase(String what, long since) {
        long now = System.nanoTime();
        LOG.debug("{}: {} ms", what, (now - since) / 1_000_000);
        return now;
    }

    /** Sleeps between two polls; an interrupt ends the operation. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyException("interrupted");
        }
    }
}
