package dev.nslab.plan;

import java.util.List;

/** The ordered steps that take the live state to the declared lab; empty when they agree. */
public record Plan(String lab, List<Change> changes) {
    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public <T extends Change> List<T> of(Class<T> type) {
        return changes.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
