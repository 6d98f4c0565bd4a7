package dev.nslab.doctor;

import dev.nslab.model.Route;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Topology;
import dev.nslab.trace.End;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The doctor's findings as they are found: each said once, causes in the order found, and the
 * symptoms each cause explains ranked under it (the routes the kernel dropped with a link, the
 * expectations that die at one place).
 */
final class Findings {
    private final Set<String> said = new LinkedHashSet<>();
    private final List<Finding> ordered = new ArrayList<>();
    /** The finding (its index) that says why an interface carries no traffic: a link down, a cable without carrier. */
    final Map<End, Integer> causeOf = new HashMap<>();
    /** Declared routes the kernel dropped because their link is down, and the finding of that link. */
    final Map<Route, Integer> routeGone = new HashMap<>();
    /** Where expectations die for want of a route ("r2 10.0.1.2"), and the finding that says so first. */
    final Map<String, Integer> noRouteAt = new HashMap<>();

    void add(SourceLocation at, String message) {
        Finding f = new Finding(at, message);
        if (said.add(f.toString())) {
            ordered.add(f);
        }
    }

    /** Adds a finding that is a cause: the interfaces it leaves without traffic are noted as its own. */
    void addCause(SourceLocation at, String message, End... ends) {
        add(at, message);
        int index = last();
        if (index >= 0 && ordered.get(index).message().equals(message)) {
            for (End end : ends) {
                causeOf.putIfAbsent(end, index);
            }
        }
    }

    /** Ranks a symptom under the finding {@code cause} (an index into the findings). */
    void explain(int cause, SourceLocation at, String message) {
        Finding f = new Finding(at, message);
        if (said.add(f.toString())) {
            ordered.set(cause, ordered.get(cause).explaining(f));
        }
    }

    /** @return the index of the latest finding */
    int last() {
        return ordered.size() - 1;
    }

    List<Finding> list() {
        return List.copyOf(ordered);
    }

    /** The interface a declared route leaves by: its dev, or the declared interface whose subnet holds its gateway. */
    static End routeOut(Topology lab, Route r) {
        if (r.dev() != null) {
            return new End(r.namespace(), r.dev());
        }
        return lab.interfacesIn(r.namespace()).stream()
                .filter(i -> i.addresses().stream().anyMatch(a -> a.contains(r.via())))
                .map(i -> new End(i.namespace(), i.name())).findFirst().orElse(null);
    }
}
