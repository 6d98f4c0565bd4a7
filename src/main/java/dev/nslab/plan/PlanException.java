package dev.nslab.plan;

import dev.nslab.model.SourceLocation;

/** The lab cannot be planned against what exists (e.g. a name taken by something not the lab's). */
public class PlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlanException(SourceLocation location, String message) {
        super(location == null ? message : location + ": " + message);
    }
}
