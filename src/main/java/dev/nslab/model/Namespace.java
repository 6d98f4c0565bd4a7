package dev.nslab.model;

import java.util.Objects;

/**
 * A network namespace of the lab, or the host.
 *
 * <p>Everything in the model names its namespace by a string. The host, the
 * namespace the runner was started in, is the name {@value #HOST}; the DSL refuses
 * {@code host} as the name of a real namespace, so the two cannot be confused and
 * no field is ever null for "the host".
 *
 * @param name     a name under /run/netns, or {@value #HOST}
 * @param location the first {@code namespace} declaration; line 0 for the host
 */
public record Namespace(String name, SourceLocation location) {

    /** The name that stands for the host namespace everywhere in the model. */
    public static final String HOST = "host";

    public Namespace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    /** @return true if {@code name} is {@value #HOST} */
    public static boolean isHost(String name) {
        return HOST.equals(name);
    }

    /** @return true if this is the host, not a named namespace */
    public boolean isHost() {
        return isHost(name);
    }

    /** @return "the host" or "namespace 'NAME'", as messages say it */
    public static String describe(String name) {
        return isHost(name) ? "the host" : "namespace '" + name + "'";
    }
}
