package dev.nslab.api;

import java.util.List;

/**
 * A lab's name that is well formed but names no lab that is up: a failure (exit 1), not a usage
 * error, since the name may be right and the lab already gone. The message lists the labs there are.
 */
public final class NoSuchLabException extends RuntimeException {
    private final String lab;

    NoSuchLabException(String lab, List<String> labs) {
        super("no lab " + lab + "; labs here: " + (labs.isEmpty() ? "none" : String.join(", ", labs)));
        this.lab = lab;
    }

    /** @return the name that was asked for */
    public String lab() {
        return lab;
    }
}
