package dev.nslab.apply;

import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NamespaceExec;
import dev.nslab.netns.NetnsHandle;

import java.util.List;

/** Runs a command inside a named namespace for {@code nslab exec}. */
public final class Exec {
    private Exec() {
    }

    /**
     * Starts {@code argv} inside {@code ns} with stdin, stdout and stderr passed through (an
     * interactive shell works); see {@link NamespaceExec} for how. No JVM thread stays inside.
     * <p>Equivalent to: {@code ip netns exec NS CMD...}
     */
    public static Process start(String ns, List<String> argv) {
        if (!NamedNamespaces.exists(ns)) {
            throw new IllegalArgumentException("no namespace '" + ns + "' under " + NamedNamespaces.RUN_DIR
                    + " (nslab list shows them)");
        }
        try (NetnsHandle h = NamedNamespaces.open(ns)) {
            return NamespaceExec.start(h, argv, NamespaceExec.Io.inherit());
        }
    }
}
