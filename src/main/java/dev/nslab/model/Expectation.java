package dev.nslab.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A reachability check run after {@code up} and by {@code check}.
 *
 * @param kind          whether the target must or must not answer
 * @param fromNamespace namespace to ping from, or {@link Namespace#HOST}
 * @param target        address to ping
 * @param location      where the expectation was declared
 */
public record Expectation(Kind kind, String fromNamespace, InetAddress target, SourceLocation location) {

    /** What the check expects. */
    public enum Kind {
        /** {@code ping NS to ADDR}: the target must answer. */
        PING,
        /** {@code noPing NS to ADDR}: the target must not answer. */
        NO_PING
    }

    public Expectation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fromNamespace, "fromNamespace");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(location, "location");
    }
}
