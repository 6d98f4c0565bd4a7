package dev.nslab.dsl;

import dev.nslab.model.SourceLocation;

import java.util.Objects;

/**
 * A mistake in a lab script, reported as {@code FILE:LINE: what is wrong}.
 *
 * <p>The message text is part of nslab's interface: the specs assert it exactly,
 * so change it only on purpose.
 */
public class DslException extends RuntimeException {

    private final SourceLocation location;
    private final String problem;

    /**
     * @param location where in the script the mistake is
     * @param problem  what is wrong, and where sensible what to do; no location prefix
     */
    public DslException(SourceLocation location, String problem) {
        this(location, problem, null);
    }

    /** As {@link #DslException(SourceLocation, String)}, keeping the exception that revealed the mistake. */
    public DslException(SourceLocation location, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
        this.location = Objects.requireNonNull(location, "location");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** @return where in the script the mistake is */
    public SourceLocation location() {
        return location;
    }

    /** @return the message without the location prefix */
    public String problem() {
        return problem;
    }
}
