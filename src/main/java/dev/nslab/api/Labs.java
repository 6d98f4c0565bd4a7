package dev.nslab.api;

import dev.nslab.live.LiveReader;
import dev.nslab.model.Names;
import dev.nslab.model.Namespace;

import java.util.List;
import java.util.TreeSet;

/**
 * Labs and namespaces named from outside a script (a command line, a test): checked by the same
 * rule as the script's {@code lab} and {@code namespace} words ({@link Names}) before anything
 * turns them into a path, so that {@code ../netns} can never reach the file system.
 */
public final class Labs {
    private Labs() {
    }

    /** @return the labs that are up (that have a journal), sorted by name */
    public static List<String> up() {
        return dev.nslab.state.Labs.labs();
    }

    /** @return whether {@code lab} is a valid name of a lab that is up */
    public static boolean isUp(String lab) {
        return Names.isNamespace(lab) && up().contains(lab);
    }

    /**
     * @return {@code lab}, when it is a name the script's {@code lab} word would accept
     * @throws IllegalArgumentException (a usage error) naming the rule, otherwise
     */
    public static String requireName(String lab) {
        if (!Names.isNamespace(lab)) {
            throw new IllegalArgumentException("lab name '" + Names.printable(String.valueOf(lab)) + "' is not valid: "
                    + Names.NAMESPACE_RULE);
        }
        return lab;
    }

    /**
     * @return {@code lab}, when it is a valid name of a lab that is up
     * @throws IllegalArgumentException when the name breaks the rule
     * @throws NoSuchLabException       when no such lab is up, listing those that are
     */
    public static String requireUp(String lab) {
        requireName(lab);
        List<String> labs = up();
        if (!labs.contains(lab)) {
            throw new NoSuchLabException(lab, labs);
        }
        return lab;
    }

    /** @return the namespaces a lab that is up made, sorted by name */
    public static List<String> namespacesOf(String lab) {
        return List.copyOf(new TreeSet<>(dev.nslab.state.Labs.peek(requireUp(lab)).namespaces()));
    }

    /**
     * @return {@code namespace}, when it is {@code host} or the name of a namespace under /run/netns
     * @throws IllegalArgumentException (a usage error) naming the rule or the namespaces there are
     */
    public static String requireNamespace(String namespace) {
        if (Namespace.isHost(namespace)) {
            return namespace;
        }
        String problem = Names.namespaceProblem(namespace);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        List<String> named = LiveReader.namedNamespaces();
        if (!named.contains(namespace)) {
            throw new IllegalArgumentException("no namespace '" + namespace + "' under /run/netns (nslab list shows them)");
        }
        return namespace;
    }
}
