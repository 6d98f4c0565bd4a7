package dev.nslab.netns;

import dev.nslab.model.Names;

/**
 * Names that become paths and device names are checked again here, before any system call,
 * by the rules of {@link Names} (docs/kernel-facts.md, "Names").
 */
public final class NamespaceNames {

    private NamespaceNames() {
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a safe namespace name. */
    public static String requireNamespace(String name) {
        String problem = Names.namespaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a safe interface name. */
    public static String requireInterface(String name) {
        String problem = Names.interfaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }
}
