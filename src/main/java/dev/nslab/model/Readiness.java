package dev.nslab.model;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code up} waits for before it believes a spawn started: {@code ready 'tcp:PORT'} (a
 * listening TCP socket), {@code ready 'udp:PORT'} (a bound UDP socket), or {@code ready 'log:REGEX'}
 * (a line of the spawn's log matching), at most {@code within} ({@link #DEFAULT_WITHIN} unless
 * the script says {@code within '30s'}).
 *
 * @param kind     what to look for
 * @param port     the port, for TCP and UDP; 0 for LOG
 * @param pattern  the regular expression, for LOG; null otherwise
 * @param within   how long {@code up} waits at most
 * @param location where {@code ready} was written
 */
public record Readiness(Kind kind, int port, String pattern, Duration within, SourceLocation location) {
    /** How long {@code up} waits when the script gives no {@code within}. */
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(10);

    /** What the spawn must show. */
    public enum Kind { TCP, UDP, LOG }

    public Readiness {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(location, "location");
    }

    /**
     * Reads {@code tcp:8080}, {@code udp:53} or {@code log:REGEX}.
     *
     * @throws IllegalArgumentException saying what is wrong and how it is written
     */
    public static Readiness parse(String text, Duration within, SourceLocation location) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        switch (kind) {
            case "tcp", "udp" -> {
                int port;
                try {
                    port = Integer.parseInt(rest);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("'" + text + "': the port must be a number from 1 to 65535, as in '"
                            + kind + ":8080'");
                }
                return new Readiness(kind.equals("tcp") ? Kind.TCP : Kind.UDP, port, null, within, location);
            }
            case "log" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': write the regular expression after log:, as in 'log:listening'");
                }
                try {
                    Pattern.compile(rest);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'" + text + "': not a regular expression: " + e.getDescription());
                }
                return new Readiness(Kind.LOG, 0, rest, within, location);
            }
            default -> throw new IllegalArgumentException("'" + text + "' is not a readiness: write 'tcp:PORT', 'udp:PORT' or 'log:REGEX'");
        }
    }

    /**
     * Reads a time limit: {@code 500ms}, {@code 30s}, {@code 2m}.
     *
     * @throws IllegalArgumentException saying how it is written
     */
    public static Duration parseTime(String text) {
        var m = Pattern.compile("(\\d+)(ms|s|m)").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a time: write a positive number with ms, s or m, as in '30s'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /** @return a copy with another time limit */
    public Readiness within(Duration limit) {
        return new Readiness(kind, port, pattern, limit, location);
    }

    /** @return as the script writes it: {@code tcp:8080} */
    public String describe() {
        return switch (kind) {
            case TCP -> "tcp:" + port;
            case UDP -> "udp:" + port;
            case LOG -> "log:" + pattern;
        };
    }
}
