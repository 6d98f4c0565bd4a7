package dev.nslab.apply;

/**
 * A lab could not be applied. The message leads with the script location of the step that
 * failed, then the step as an {@code ip} command, then what the kernel said.
 */
public class ApplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }

    public ApplyException(String message) {
        super(message);
    }
}
