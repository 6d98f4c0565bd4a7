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

    /** The verbs doctor's sentences put after what they are about ("veth eth0 in h1 is down: ..."). */
    private static final java.util.regex.Pattern VERB = java.util.regex.Pattern.compile(
            " (is|are|has|have|lacks|does not|do not|failed|cannot|can not|sends|answers) ");

    /** What the finding is about: the words before its sentence's verb, or null when it has none. */
    public String subject() {
        java.util.regex.Matcher m = VERB.matcher(problem());
        return m.find() && m.start() > 0 ? message.substring(0, m.start()) : null;
    }

    /** What is wrong: the message without its advice. */
    public String problem() {
        int at = message.lastIndexOf(": ");
        return at < 0 ? message : message.substring(0, at);
    }

    /** What to do: the words after the message's last ": ", or null when it gives no advice. */
    public String advice() {
        int at = message.lastIndexOf(": ");
        return at < 0 ? null : message.substring(at + 2);
    }

    /** {@code FILE:LINE: message}, as doctor prints it. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
