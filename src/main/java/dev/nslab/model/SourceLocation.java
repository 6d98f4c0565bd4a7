package dev.nslab.model;

import java.util.Objects;

/**
 * Where something was declared: a script file and a line in it.
 *
 * <p>Line 0 means "the script as a whole" (for example the host namespace, which
 * every lab has without declaring it).
 *
 * @param file the script file as the user named it
 * @param line the 1-based line, or 0 for the whole script
 */
public record SourceLocation(String file, int line) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** @return {@code file:line}, the prefix of every script error */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
