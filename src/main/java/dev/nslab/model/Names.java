package dev.nslab.model;

import java.util.regex.Pattern;

/**
 * The names nslab accepts, in one place: what the script's validator checks and what the code
 * that turns names into paths and devices checks again before any system call. The kernel
 * accepts more than is safe ("%d" patterns, non-ASCII, "..", a leading "-"), so nslab accepts
 * less (docs/kernel-facts.md, "Names").
 */
public final class Names {

    /** Interface names: at most 15 bytes (IFNAMSIZ - 1), starting with a letter. */
    public static final Pattern INTERFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,14}");
    /** How to write an interface name, as messages say it. */
    public static final String INTERFACE_RULE = "use 1 to 15 of A-Z a-z 0-9 _ . -, starting with a letter";

    /**
     * Names that become paths: namespaces under /run/netns, labs and processes under /run/nslab.
     * Starting with a letter or digit rules out ".", ".." and hidden files.
     */
    public static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** How to write a namespace, lab or process name, as messages say it. */
    public static final String NAMESPACE_RULE = "use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit";

    /** Script parameters ({@code param('NAME', DEFAULT)}, {@code -P NAME=VALUE}): a word of a command line. */
    public static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    /** How to write a parameter's name, as messages say it. */
    public static final String PARAMETER_RULE = "use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter";

    private Names() {
    }

    public static boolean isParameter(String name) {
        return name != null && PARAMETER.matcher(name).matches();
    }

    public static boolean isInterface(String name) {
        return name != null && INTERFACE.matcher(name).matches();
    }

    public static boolean isNamespace(String name) {
        return name != null && NAMESPACE.matcher(name).matches();
    }

    /** Why {@code name} cannot name a network namespace, or null when it can. */
    public static String namespaceProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a namespace name cannot be empty";
        }
        return isNamespace(name) ? null : "invalid namespace name '" + printable(name) + "': " + NAMESPACE_RULE;
    }

    /** Why {@code name} cannot name a network interface, or null when it can. */
    public static String interfaceProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "an interface name cannot be empty";
        }
        return isInterface(name) ? null : "invalid interface name '" + printable(name) + "': " + INTERFACE_RULE;
    }

    /**
     * {@code name}, when it is a safe namespace name; else {@link IllegalArgumentException}. Checked
     * again before a name becomes a path or a device, whatever validated it before.
     */
    public static String requireNamespace(String name) {
        String problem = namespaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** {@code name}, when it is a safe interface name; else {@link IllegalArgumentException}. */
    public static String requireInterface(String name) {
        String problem = interfaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** {@code s} with control characters shown as {@code \xNN}, so that a message stays on its line. */
    public static String printable(String s) {
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
