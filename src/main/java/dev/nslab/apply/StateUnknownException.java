package dev.nslab.apply;

/**
 * The kernel's answers to some requests were lost (ENOBUFS): they may or may not have been
 * applied. Nothing was refused, so the run is not undone; the lab is left partly applied, and
 * the next {@code up} reads the live state and converges.
 */
public final class StateUnknownException extends ApplyException {
    private static final long serialVersionUID = 1L;

    public StateUnknownException(String message) {
        super(message);
    }
}
