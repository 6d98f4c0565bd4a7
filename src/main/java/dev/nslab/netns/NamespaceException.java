package dev.nslab.netns;

/** A namespace operation nslab refuses or cannot complete; the message says which and why. */
public class NamespaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NamespaceException(String message) {
        super(message);
    }

    public NamespaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
