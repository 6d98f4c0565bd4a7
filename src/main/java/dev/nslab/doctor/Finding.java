package dev.nslab.doctor;

import dev.nslab.model.SourceLocation;

import java.util.Objects;

/**
 * One reason traffic fails, and what to do about it.
 *
 * @param location the script line it concerns
 * @param message  what is wrong and the fix, e.g. "veth2 (ns1) has no carrier: its peer veth1 (host) is down: set it up"
 */
public record Finding(SourceLocation location, String message) {
    public Finding {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE: message}, as doctor prints it. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
