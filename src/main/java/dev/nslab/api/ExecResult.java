package dev.nslab.api;

import java.util.List;

/**
 * What a command run by {@link Lab#exec} did: its exit status and everything it printed.
 *
 * @param namespace where it ran ({@code "host"} for the caller's own namespace)
 * @param command   the argv that ran
 * @param exitCode  its exit status
 * @param stdout    its standard output
 * @param stderr    its standard error
 */
public record ExecResult(String namespace, List<String> command, int exitCode, String stdout, String stderr) {
    public ExecResult {
        command = List.copyOf(command);
    }

    /** @return true when the command exited 0 */
    public boolean ok() {
        return exitCode == 0;
    }

    /** @return this result, or an {@link IllegalStateException} naming the command, its status and stderr */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' in " + namespace + " exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return this;
    }
}
