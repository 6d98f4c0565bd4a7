package dev.nslab.trace;

import dev.nslab.model.LiveState.LiveNamespace;

import java.util.Collection;
import java.util.Optional;

/** What a packet is traced through: each namespace's live links, addresses and routes, and its sysctls. */
public interface Network {
    /** The namespaces that exist, {@code host} for the host. */
    Collection<String> names();

    /** A namespace's links, addresses and routes; empty when it does not exist. */
    Optional<LiveNamespace> live(String ns);

    /** A sysctl of a namespace as a number, 0 when unknown. */
    int sysctl(String ns, String key);
}
