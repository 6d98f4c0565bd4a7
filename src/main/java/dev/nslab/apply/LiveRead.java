package dev.nslab.apply;

import dev.nslab.live.LiveReader;
import dev.nslab.live.Sysctls;
import dev.nslab.model.LiveState;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Topology;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.plan.PlanException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the planner compares the script with: the live state of the host and the lab's namespaces, and the declared sysctls' values. */
final class LiveRead {

    private LiveRead() {
    }

    static LiveState state(Topology lab, Session s) {
        Set<String> named = new LinkedHashSet<>(NamedNamespaces.list()); // asked once per declared namespace
        for (Namespace ns : lab.declaredNamespaces()) {
            if (named.contains(ns.name()) && NamedNamespaces.isPlaceholder(ns.name())) {
                named.remove(ns.name()); // left by a run killed before the bind: made anew
            }
        }
        Map<String, LiveNamespace> live = new LinkedHashMap<>();
        live.put(Namespace.HOST, LiveReader.read(Namespace.HOST, s.netlink(Namespace.HOST)));
        for (Namespace ns : lab.declaredNamespaces()) {
            if (named.contains(ns.name())) {
                live.put(ns.name(), LiveReader.read(ns.name(), s.netlink(ns.name())));
            }
        }
        return LiveReader.state(named, live);
    }

    /** The declared sysctls' current values; a key its namespace will not have is refused (plan and up alike). */
    static Map<String, String> sysctls(Topology lab, Session s, LiveState live) {
        Sysctls.Result r = Sysctls.read(lab, live, s::handle);
        if (!r.missing().isEmpty()) {
            throw new PlanException(null, String.join("\n", r.missing().stream()
                    .map(m -> m.sysctl().location() + ": " + m.why()).toList()));
        }
        return r.values();
    }
}
