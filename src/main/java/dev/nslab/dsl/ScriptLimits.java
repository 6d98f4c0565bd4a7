package dev.nslab.dsl;

import java.time.Duration;
import java.util.Objects;

/**
 * What one evaluation of a script may take: time and heap. A lab script only declares; even a
 * lab of 100 000 namespaces evaluates in a few seconds and holds a few MiB, so a script that
 * takes far more is a mistake (an endless loop, an allocation without end) that must not take
 * the JVM, or the daemon that serves other commands, down with it.
 *
 * @param timeout   how long the script may run ({@code --timeout})
 * @param heapBytes how much more heap the script may hold, measured after a garbage collection
 */
public record ScriptLimits(Duration timeout, long heapBytes) {

    /** The default time limit: three minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    public ScriptLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a script's time limit must be positive: " + timeout);
        }
        if (heapBytes <= 0) {
            throw new IllegalArgumentException("a script's heap limit must be positive: " + heapBytes);
        }
    }

    /** {@link #DEFAULT_TIMEOUT}, and half the JVM's heap up to 1 GiB. */
    public static ScriptLimits defaults() {
        return new ScriptLimits(DEFAULT_TIMEOUT, defaultHeap());
    }

    /** These limits with another time limit. */
    public ScriptLimits withTimeout(Duration timeout) {
        return new ScriptLimits(timeout, heapBytes);
    }

    private static long defaultHeap() {
        return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 2);
    }
}
