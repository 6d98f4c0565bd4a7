package dev.nslab.apply;

import dev.nslab.model.SourceLocation;
import dev.nslab.plan.Change;

/**
 * A lab could not be applied. The message leads with the script location of the step that
 * failed, then the step as an {@code ip} command, then what the kernel said; the same three are
 * also here apart ({@link #namespace}, {@link #location}, {@link #request}), for a caller that
 * shows them its own way.
 */
public class ApplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final transient SourceLocation location;
    private final String request;

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
        this.namespace = null;
        this.location = null;
        this.request = null;
    }

    public ApplyException(String message) {
        this(message, (Throwable) null);
    }

    /**
     * A step that failed: {@code FILE:LINE: } (when the step has a script line) before
     * {@code message}.
     *
     * @param step    the plan's step, or null when the work was not one
     * @param request the command that was refused, as the plan prints it, or null
     */
    public ApplyException(Change step, String request, String message, Throwable cause) {
        super(where(step) + message, cause);
        this.namespace = step == null ? null : step.namespace();
        this.location = step == null ? null : step.location();
        this.request = request;
    }

    public ApplyException(Change step, String request, String message) {
        this(step, request, message, null);
    }

    private static String where(Change step) {
        return step == null || step.location() == null ? "" : step.location() + ": ";
    }

    /** The namespace the failed step acted in, or null. */
    public String namespace() {
        return namespace;
    }

    /** The script line of the failed step, or null. */
    public SourceLocation location() {
        return location;
    }

    /** The refused request as an {@code ip} command, or null. */
    public String request() {
        return request;
    }
}
