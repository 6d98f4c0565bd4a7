package dev.nslab.capture;

/** No such namespace, or no such interface in it: a usage error; nothing was captured. */
public final class UnknownTargetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownTargetException(String message) {
        super(message);
    }
}
