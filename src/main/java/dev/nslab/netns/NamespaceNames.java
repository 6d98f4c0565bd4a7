package dev.nslab.netns;

import java.util.regex.Pattern;

/**
 * Names that become paths and device names are checked here, before any system call.
 * The kernel accepts more than is safe ("%d" patterns, non-ASCII, "..", leading "-"),
 * so nslab accepts less: the rules of docs/kernel-facts.md, "Names".
 */
public final class NamespaceNames {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,14}");

    private NamespaceNames() {
    }

    /** Why {@code name} cannot name a network namespace, or null when it can. */
    public static String namespaceProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a namespace name cannot be empty";
        }
        if (name.equals(".") || name.equals("..") || !NAMESPACE.matcher(name).matches()) {
            return "invalid namespace name '" + printable(name)
                    + "': use 1-64 letters, digits, '_', '.', '-', starting with a letter or digit";
        }
        return null;
    }

    /** Why {@code name} cannot name a network interface, or null when it can. */
    public static String interfaceProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "an interface name cannot be empty";
        }
        if (!INTERFACE.matcher(name).matches()) {
            return "invalid interface name '" + printable(name)
                    + "': use 1-15 letters, digits, '_', '.', '-', starting with a letter";
        }
        return null;
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a safe namespace name. */
    public static String requireNamespace(String name) {
        String problem = namespaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a safe interface name. */
    public static String requireInterface(String name) {
        String problem = interfaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
