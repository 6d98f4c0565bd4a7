package dev.nslab.plan;

import java.util.List;

/**
 * The ordered steps that take the live state to the declared lab; empty when they agree.
 * {@code warnings} are things the user should know before they happen (e.g. an uplink that
 * carries the host's default route), each led by its script location.
 */
public record Plan(String lab, List<Change> changes, List<String> warnings) {
    public Plan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public <T extends Change> List<T> of(Class<T> type) {
        return changes.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
