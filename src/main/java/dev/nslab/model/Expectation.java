package dev.nslab.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A reachability check run after {@code up} and by {@code check}.
 *
 * @param kind          whether the target must or must not answer, and how it is asked
 * @param fromNamespace namespace to ping or connect from, or {@link Namespace#HOST}
 * @param target        address to ping or connect to
 * @param port          the TCP port of {@code connect}/{@code noConnect}; 0 for pings
 * @param location      where the expectation was declared
 */
public record Expectation(Kind kind, String fromNamespace, InetAddress target, int port, SourceLocation location) {

    /** What the check expects. */
    public enum Kind {
        /** {@code ping NS to ADDR}: the target must answer. */
        PING("ping"),
        /** {@code noPing NS to ADDR}: the target must not answer. */
        NO_PING("noPing"),
        /** {@code connect NS to ADDR:PORT}: a TCP connection must be accepted. */
        CONNECT("connect"),
        /** {@code noConnect NS to ADDR:PORT}: a TCP connection must fail (refused, unreachable, timed out). */
        NO_CONNECT("noConnect");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** @return the DSL word */
        public String word() {
            return word;
        }

        /** @return true for connect and noConnect */
        public boolean isTcp() {
            return this == CONNECT || this == NO_CONNECT;
        }

        /** @return true for the expectations that must fail */
        public boolean isNegative() {
            return this == NO_PING || this == NO_CONNECT;
        }
    }

    public Expectation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fromNamespace, "fromNamespace");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(location, "location");
        if (kind.isTcp() != (port > 0) || port > 65535) {
            throw new IllegalArgumentException(kind.word() + " with port " + port);
        }
    }

    /** A ping or noPing. */
    public Expectation(Kind kind, String fromNamespace, InetAddress target, SourceLocation location) {
        this(kind, fromNamespace, target, 0, location);
    }

    /** @return the target as the script writes it: {@code 10.0.0.2}, {@code 10.0.0.2:8080}, {@code [fd00::2]:8080} */
    public String describeTarget() {
        String a = Addresses.format(target);
        if (port == 0) {
            return a;
        }
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + port;
    }
}
