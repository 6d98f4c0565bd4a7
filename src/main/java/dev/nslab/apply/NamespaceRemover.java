package dev.nslab.apply;

import dev.nslab.netns.NamedNamespaces;

/**
 * Removes a lab namespace: stops every process inside it, then unmounts and unlinks it.
 * <p>Equivalent to: {@code ip netns pids NS | xargs kill; ip netns del NS}
 */
final class NamespaceRemover {
    private NamespaceRemover() {
    }

    static void remove(String ns) {
        dev.nslab.netns.Processes.stopAll(ns);
        NamedNamespaces.delete(ns);
    }

    /** Removes many namespaces, scanning /proc once for all of them rather than once each. */
    static void removeAll(java.util.Collection<String> namespaces) {
        java.util.Set<String> occupied = dev.nslab.netns.Processes.occupied(namespaces);
        for (String ns : namespaces) {
            if (occupied.contains(ns)) {
                dev.nslab.netns.Processes.stopAll(ns);
            }
            NamedNamespaces.delete(ns);
        }
    }
}
