package dev.nslab.doctor;

import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Namespace;
import dev.nslab.model.Route;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Topology;
import dev.nslab.trace.End;
import dev.nslab.trace.Loss;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * An expectation dies in a namespace without a route. When a declared route for it went with
     * a link that is down, that link is the cause (and adding a route would not help); else the
     * place is the cause, found once, with the expectations that die there under it.
     */
    void noRoute(Topology lab, Expectation e, Loss.NoRoute lost, java.util.function.Function<String, SourceLocation> namespaceLine) {
        String failed = lost.what().substring(0, lost.what().length() - 2) + " fails";
        Optional<Route> gone = lab.routesIn(lost.ns()).stream()
                .filter(r -> routeGone.containsKey(r) && r.destination().contains(lost.dst())).findFirst();
        if (gone.isPresent()) {
            explain(routeGone.get(gone.get()), e.location(), failed + ": " + lost.place() + " since route "
                    + (gone.get().destination().isDefault() ? "default" : gone.get().destination()) + " (line "
                    + gone.get().location().line() + ") went with its link");
            return;
        }
        Optional<LinkAttrs> onSubnet = lab.interfacesIn(lost.ns()).stream()
                .filter(i -> causeOf.containsKey(new End(i.namespace(), i.name())))
                .filter(i -> i.addresses().stream().anyMatch(a -> a.contains(lost.dst()))).findFirst();
        if (onSubnet.isPresent()) {
            explain(causeOf.get(new End(lost.ns(), onSubnet.get().name())), e.location(), failed + ": " + lost.place()
                    + " since " + onSubnet.get().name() + ", its link to that subnet, is down");
            return;
        }
        String key = lost.ns() + " " + Addresses.format(lost.dst());
        Integer place = noRouteAt.get(key);
        if (place == null) {
            Optional<Route> near = lab.routesIn(lost.ns()).stream()
                    .filter(r -> r.via() != null && !r.destination().isDefault() && !r.destination().contains(lost.dst())).findFirst();
            String where = Namespace.describe(lost.ns()) + " has no route to " + Addresses.format(lost.dst());
            add(near.map(Route::location).orElse(namespaceLine.apply(lost.ns())), where + near.map(r -> ": its route "
                    + r.destination() + " via " + Addresses.format(r.via()) + " does not cover " + Addresses.format(lost.dst())
                    + "; correct that route's destination, or " + lost.advice()).orElse(": " + lost.advice()));
            place = last();
            noRouteAt.put(key, place);
        }
        explain(place, e.location(), failed + " there" + (lost.reply() ? ": the reply dies in " : ": the packets die in ")
                + Namespace.describe(lost.ns()));
    }
}
