package dev.nslab.api;

import dev.nslab.state.Labs;
import dev.nslab.live.LiveReader;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.LiveState.LiveRoute;
import dev.nslab.model.Namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a lab could leave behind on the host, read live: named namespaces, the host's links
 * (name and kind), its addresses, its main-table routes, and labs with a journal. Two snapshots
 * are compared for {@code verifyNoResidue}.
 *
 * @param facts one line per fact, sorted: {@code netns h1}, {@code link eth0 veth},
 *              {@code addr eth0 10.0.0.1/24}, {@code route 10.0.0.0/24 dev eth0}, {@code lab two-hosts}
 */
public record HostSnapshot(Set<String> facts) {
    public HostSnapshot {
        facts = Set.copyOf(new TreeSet<>(facts));
    }

    /**
     * Reads the host as it is now.
     * <p>Equivalent to: {@code ip netns list; ip link; ip addr; ip route; ls /run/nslab}
     */
    public static HostSnapshot take() {
        Set<String> facts = new TreeSet<>();
        LiveReader.namedNamespaces().forEach(ns -> facts.add("netns " + ns));
        LiveNamespace host = LiveReader.read(Namespace.HOST);
        for (LiveLink l : host.links()) {
            facts.add("link " + l.name() + " " + l.kind());
        }
        for (LiveAddress a : host.addresses()) {
            facts.add("addr " + host.link(a.index()).map(LiveLink::name).orElse("#" + a.index()) + " " + a.prefix());
        }
        for (LiveRoute r : host.routes()) {
            facts.add("route " + r.destination() + (r.gateway() == null ? "" : " via " + r.gateway().getHostAddress())
                    + " dev " + host.link(r.oif()).map(LiveLink::name).orElse("#" + r.oif()));
        }
        Labs.labs().forEach(lab -> facts.add("lab " + lab));
        return new HostSnapshot(facts);
    }

    /** @return what {@code later} has that this has not ("left behind: ..."), and the reverse ("gone: ...") */
    public List<String> differencesTo(HostSnapshot later) {
        List<String> d = new ArrayList<>();
        new TreeSet<>(later.facts).stream().filter(f -> !facts.contains(f)).forEach(f -> d.add("left behind: " + f));
        new TreeSet<>(facts).stream().filter(f -> !later.facts.contains(f)).forEach(f -> d.add("gone: " + f));
        return d;
    }
}
