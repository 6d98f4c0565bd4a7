package dev.nslab.model;

import java.util.Set;

/**
 * What a lab made in earlier runs, as its journal recorded it: namespaces, and links in the
 * host. Links inside the lab's own namespaces need no record: the namespace is the lab's.
 * The planner removes what is owned but no longer declared, and refuses to touch what exists
 * but is not owned.
 */
public record Ownership(String lab, Set<String> namespaces, Set<String> hostLinks) {
    public Ownership {
        namespaces = Set.copyOf(namespaces);
        hostLinks = Set.copyOf(hostLinks);
    }

    public static Ownership none(String lab) {
        return new Ownership(lab, Set.of(), Set.of());
    }

    /** The IFLA_IFALIAS tag on every link the lab makes in the host: survives a lost journal. */
    public String aliasTag() {
        return "nslab:" + lab;
    }
}
