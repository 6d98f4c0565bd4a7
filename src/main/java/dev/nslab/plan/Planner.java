package dev.nslab.plan;

import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Ownership;
import dev.nslab.model.Prefix;
import dev.nslab.model.Route;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Desired lab x live state -> ordered {@link Plan}. No I/O: everything it knows comes in as
 * arguments, so it is tested without privileges.
 * <p>
 * Order: removals first (namespaces, then links), then namespaces, links, link attributes,
 * addresses, routes, sysctls, and last the qdiscs of shaped ends (after the links are up). What the lab owns but no longer declares is removed, so {@code up}
 * converges; what exists but is not the lab's is never touched: the plan is refused instead.
 */
public final class Planner {
    private Planner() {
    }

    /**
     * @param sysctlValues current values of the declared sysctls, keyed "ns key"; absent when
     *                     the namespace does not exist yet
     */
    public static Plan plan(Topology lab, LiveState live, Ownership owned, Map<String, String> sysctlValues) {
        return plan(lab, live, owned, sysctlValues, false);
    }

    /**
     * @param allowHostDevices whether the script may touch devices it did not create (uplinks,
     *                         host parents of macvlans and vxlans); without it they are refused
     */
    public static Plan plan(Topology lab, LiveState live, Ownership owned, Map<String, String> sysctlValues,
                            boolean allowHostDevices) {
        List<String> warnings = new ArrayList<>();
        List<Change> removals = new ArrayList<>();
        List<Change> namespaces = new ArrayList<>();
        List<Change> links = new ArrayList<>();
        List<Change> settings = new ArrayList<>();
        List<Change> addresses = new ArrayList<>();
        List<Change> routes = new ArrayList<>();
        List<Change> sysctls = new ArrayList<>();
        List<Change> qdiscs = new ArrayList<>();

        Set<String> declared = new HashSet<>();
        lab.declaredNamespaces().forEach(ns -> declared.add(ns.name()));

        for (String ns : owned.namespaces()) {
            if (!declared.contains(ns) && live.namedNamespaces().contains(ns)) {
                removals.add(new Change.NamespaceDel(ns, null));
            }
        }
        for (var ns : lab.declaredNamespaces()) {
            boolean exists = live.namedNamespaces().contains(ns.name());
            if (exists && !owned.namespaces().contains(ns.name())) {
                throw new PlanException(ns.location(), "namespace '" + ns.name() + "' already exists and was not made by lab '"
                        + lab.labName() + "': take down the lab that owns it, or remove it (ip netns del " + ns.name() + ")");
            }
            if (!exists) {
                namespaces.add(new Change.NamespaceAdd(ns.name(), ns.location()));
            }
        }

        // Links: a namespace that does not exist yet has only lo (docs/kernel-facts.md, "Named namespaces").
        Map<String, LiveNamespace> liveNs = new LinkedHashMap<>();
        for (String ns : allNamespaces(lab)) {
            liveNs.put(ns, live.namespace(ns).orElse(new LiveNamespace(ns, List.of(), List.of(), List.of())));
        }
        removeUndeclaredLinks(lab, liveNs, owned, removals);

        Set<String> recreated = new HashSet<>();
        for (Link link : lab.links()) {
            boolean missing = false;
            boolean wrong = false;
            for (LinkAttrs end : link.ends()) {
                Optional<LiveLink> l = liveNs.get(end.namespace()).link(end.name());
                if (l.isEmpty()) {
                    missing = true;
                } else {
                    if (Namespace.isHost(end.namespace()) && !owned.hostLinks().contains(end.name())
                            && !owned.aliasTag().equals(l.get().alias())) {
                        throw new PlanException(end.location(), "link '" + end.name() + "' already exists in the host and was not made by lab '"
                                + lab.labName() + "': choose another name, or remove it (ip link del " + end.name() + ")");
                    }
                    // A tap shows up in dumps with kind tun (it is made by ioctl, not rtnetlink;
                    // docs/kernel-facts.md, "Links").
                    boolean sameKind = link.kind().equals(l.get().kind())
                            || (link instanceof dev.nslab.model.Tap && "tun".equals(l.get().kind()));
                    if (!sameKind) {
                        wrong = true;
                    }
                }
            }
            if (wrong || (missing && link.ends().size() > 1 && !allMissing(link, liveNs))) {
                // Half a veth, or the wrong kind: remove what is there and make it anew.
                for (LinkAttrs end : link.ends()) {
                    if (liveNs.get(end.namespace()).link(end.name()).isPresent()) {
                        removals.add(new Change.LinkDel(end.namespace(), end.name(), end.location()));
                    }
                }
                missing = true;
            }
            if (missing) {
                links.add(new Change.LinkAdd(link));
                link.ends().forEach(e -> recreated.add(e.namespace() + "/" + e.name()));
            }
        }
        // Bridges first: ports need their master to exist.
        links.sort((a, b) -> Boolean.compare(!(((Change.LinkAdd) a).link() instanceof Bridge), !(((Change.LinkAdd) b).link() instanceof Bridge)));

        Map<String, SourceLocation> declaredAt = new java.util.HashMap<>();
        lab.namespaces().forEach(n -> declaredAt.putIfAbsent(n.name(), n.location()));
        for (String ns : liveNs.keySet()) {
            if (!Namespace.isHost(ns)) {
                Optional<LiveLink> lo = liveNs.get(ns).link("lo");
                if (lo.isEmpty() || !lo.get().up()) {
                    settings.add(new Change.LinkSet(ns, "lo", Change.LinkSet.Attribute.UP, null, declaredAt.get(ns)));
                }
            }
        }
        Set<String> usingIpv6 = lab.namespacesUsingIpv6();
        for (Link link : lab.links()) {
            for (LinkAttrs end : link.ends()) {
                LiveNamespace lns = liveNs.get(end.namespace());
                Optional<LiveLink> current = recreated.contains(end.namespace() + "/" + end.name())
                        ? Optional.empty() : lns.link(end.name());
                if (current.isEmpty() && !usingIpv6.contains(end.namespace())) {
                    // Before the link comes up: every new link with a link-local address sends DAD,
                    // router solicitations and MLD reports, which a bridge floods to every port:
                    // O(N^2) packets for a star of N, seconds of kernel time at N = 500
                    // (docs/kernel-facts.md, "IPv6").
                    settings.add(new Change.LinkSet(end.namespace(), end.name(),
                            Change.LinkSet.Attribute.NO_IPV6_LINK_LOCAL, null, end.location()));
                }
                configureEnd(end, current, lns, settings, addresses, removals, whatItIs(link, end));
            }
        }
        List<Change> moves = new ArrayList<>();
        planUplinks(lab, liveNs, allowHostDevices, moves, settings, addresses, removals, warnings);

        Shaping.plan(lab, liveNs, recreated, qdiscs);

        for (Route r : lab.routes()) {
            LiveNamespace lns = liveNs.get(r.namespace());
            if (!routePresent(r, lns)) {
                routes.add(new Change.RouteReplace(r));
            }
        }
        for (String ns : liveNs.keySet()) {
            removeUndeclaredRoutes(lab, ns, liveNs.get(ns), removals);
        }
        for (Sysctl s : lab.sysctls()) {
            String current = sysctlValues.get(s.namespace() + " " + s.key());
            if (current == null || !current.strip().equals(s.value().strip())) {
                sysctls.add(new Change.SysctlSet(s));
            }
        }

        List<Change> all = new ArrayList<>();
        all.addAll(removals);
        all.addAll(namespaces);
        all.addAll(links);
        all.addAll(moves);
        all.addAll(settings);
        all.addAll(addresses);
        all.addAll(routes);
        all.addAll(sysctls);
        all.addAll(qdiscs);
        return new Plan(lab.labName(), all, warnings);
    }

    /**
     * Uplinks are devices the lab did not make: touched only when allowed, moved into their
     * namespace when declared inside one, then configured like any declared end. In the host,
     * an uplink keeps the addresses the script does not mention, except one another link of
     * the host now declares: that one moves (the seed article's bridge takes eth0's address).
     * A device moved into a namespace loses its addresses and routes (docs/kernel-facts.md, "Uplinks").
     */
    private static void planUplinks(Topology lab, Map<String, LiveNamespace> liveNs, boolean allowHostDevices,
                                    List<Change> moves, List<Change> settings, List<Change> addresses,
                                    List<Change> removals, List<String> warnings) {
        LiveNamespace host = liveNs.get(Namespace.HOST);
        for (var device : lab.hostDevices()) {
            if (!allowHostDevices) {
                throw new PlanException(device.location(), device.usedBy() + " uses the host's device '" + device.name()
                        + "', which this lab did not create: pass --allow-host-devices to let nslab use it");
            }
            if (host.link(device.name()).isEmpty()) {
                throw new PlanException(device.location(), "no device '" + device.name() + "' in the host");
            }
        }
        for (Uplink u : lab.uplinks()) {
            if (!allowHostDevices) {
                throw new PlanException(u.location(), "uplink '" + u.name() + "' is a device this lab did not create: "
                        + "pass --allow-host-devices to let nslab " + (Namespace.isHost(u.namespace()) ? "change it" : "move it into " + u.namespace()));
            }
            LiveNamespace target = liveNs.get(u.namespace());
            Optional<LiveLink> there = target.link(u.name());
            Optional<LiveLink> inHost = host.link(u.name());
            if (there.isEmpty()) {
                if (Namespace.isHost(u.namespace()) || inHost.isEmpty()) {
                    throw new PlanException(u.location(), "uplink '" + u.name() + "': no such device in the host");
                }
                moves.add(new Change.UplinkMove(u));
            }
            Optional<LiveLink> hostView = there.isPresent() ? (Namespace.isHost(u.namespace()) ? there : Optional.empty()) : inHost;
            hostView.ifPresent(l -> {
                boolean carriesDefault = host.routes().stream().anyMatch(r -> r.destination().length() == 0 && r.oif() == l.index());
                if (carriesDefault) {
                    warnings.add(u.location() + ": " + u.name() + " carries the host's default route: "
                            + (Namespace.isHost(u.namespace()) ? "changing" : "moving") + " it may cut this machine off its network");
                }
            });
            LinkAttrs asEnd = new LinkAttrs(u.name(), u.namespace(), u.addresses(), null, null, u.master(), u.up(), u.location());
            Optional<LiveLink> current = there;
            List<Change> ignoredRemovals = new ArrayList<>();
            configureEnd(asEnd, current, target, settings, addresses, ignoredRemovals, "uplink, a device of the host");
            if (current.isPresent()) {
                Set<Prefix> declaredElsewhere = new HashSet<>();
                for (LinkAttrs end : lab.interfacesIn(u.namespace())) {
                    declaredElsewhere.addAll(end.addresses());
                }
                for (Change c : ignoredRemovals) {
                    if (c instanceof Change.AddrDel d && declaredElsewhere.contains(d.prefix())) {
                        removals.add(d);
                    }
                }
            }
        }
    }

    private static boolean allMissing(Link link, Map<String, LiveNamespace> liveNs) {
        return link.ends().stream().allMatch(e -> liveNs.get(e.namespace()).link(e.name()).isEmpty());
    }

    private static List<String> allNamespaces(Topology lab) {
        List<String> out = new ArrayList<>();
        out.add(Namespace.HOST);
        lab.declaredNamespaces().forEach(ns -> out.add(ns.name()));
        return out;
    }

    /** In the lab's namespaces every link but lo is the lab's; in the host only the owned ones. */
    private static void removeUndeclaredLinks(Topology lab, Map<String, LiveNamespace> liveNs, Ownership owned, List<Change> removals) {
        Set<String> declaredEnds = new HashSet<>();
        lab.links().forEach(l -> l.ends().forEach(e -> declaredEnds.add(e.namespace() + "/" + e.name())));
        lab.uplinks().forEach(u -> declaredEnds.add(u.namespace() + "/" + u.name()));
        Set<String> removedPeers = new HashSet<>();
        for (var entry : liveNs.entrySet()) {
            String ns = entry.getKey();
            for (LiveLink l : entry.getValue().links()) {
                boolean ours = Namespace.isHost(ns)
                        ? owned.aliasTag().equals(l.alias()) // the journal names it, but only the mark proves it the lab's
                        : !l.name().equals("lo");
                if (ours && !declaredEnds.contains(ns + "/" + l.name()) && removedPeers.add(ns + "/" + l.name())) {
                    removals.add(new Change.LinkDel(ns, l.name(), null));
                }
            }
        }
    }

    /** For the UP step's explanation: "veth, peer eth0 in namespace 'h2'", "bridge", ... */
    private static String whatItIs(Link link, LinkAttrs end) {
        if (link instanceof dev.nslab.model.Veth v) {
            LinkAttrs peer = v.attrs() == end ? v.peer() : v.attrs();
            return "veth, peer " + peer.name() + " in " + Namespace.describe(peer.namespace());
        }
        return link.kind();
    }

    private static void configureEnd(LinkAttrs end, Optional<LiveLink> current, LiveNamespace lns,
                                     List<Change> settings, List<Change> addresses, List<Change> removals, String whatItIs) {
        String ns = end.namespace();
        if (end.mtu() != null && current.isPresent() && !end.mtu().equals(current.get().mtu())) {
            settings.add(new Change.LinkSet(ns, end.name(), Change.LinkSet.Attribute.MTU, end.mtu().toString(), end.location()));
        }
        if (end.mac() != null && current.isPresent() && !end.mac().equalsIgnoreCase(String.valueOf(current.get().mac()))) {
            settings.add(new Change.LinkSet(ns, end.name(), Change.LinkSet.Attribute.MAC, end.mac().toLowerCase(Locale.ROOT), end.location()));
        }
        String liveMaster = current.filter(l -> l.masterIndex() != 0)
                .flatMap(l -> lns.link(l.masterIndex())).map(LiveLink::name).orElse(null);
        if (end.master() != null && !end.master().equals(liveMaster)) {
            settings.add(new Change.LinkSet(ns, end.name(), Change.LinkSet.Attribute.MASTER, end.master(), end.location()));
        } else if (end.master() == null && liveMaster != null) {
            settings.add(new Change.LinkSet(ns, end.name(), Change.LinkSet.Attribute.NOMASTER, null, end.location()));
        }
        boolean liveUp = current.map(LiveLink::up).orElse(false);
        if (end.up() != liveUp) {
            settings.add(new Change.LinkSet(ns, end.name(), end.up() ? Change.LinkSet.Attribute.UP : Change.LinkSet.Attribute.DOWN,
                    end.up() ? whatItIs : null, end.location()));
        }
        List<Prefix> have = current.map(l -> lns.addressesOf(l.index()).stream()
                .filter(a -> !a.isLinkLocal()).map(LiveState.LiveAddress::prefix).toList()).orElse(List.of());
        for (Prefix p : end.addresses()) {
            if (!have.contains(p)) {
                addresses.add(new Change.AddrAdd(ns, end.name(), p, end.location()));
            }
        }
        for (Prefix p : have) {
            if (!end.addresses().contains(p)) {
                removals.add(new Change.AddrDel(ns, end.name(), p, end.location()));
            }
        }
    }

    private static boolean routePresent(Route r, LiveNamespace lns) {
        Integer oif = r.dev() == null ? null : lns.link(r.dev()).map(LiveLink::index).orElse(-1);
        return lns.routes().stream().anyMatch(l -> l.destination().equals(r.destination().network())
                && java.util.Objects.equals(l.gateway(), r.via())
                && (oif == null || oif == l.oif()));
    }

    private static void removeUndeclaredRoutes(Topology lab, String ns, LiveNamespace lns, List<Change> removals) {
        for (LiveState.LiveRoute live : lns.routes()) {
            if (!live.byNslab()) {
                continue; // routes nslab did not add are never removed
            }
            boolean declared = lab.routesIn(ns).stream().anyMatch(r -> r.destination().network().equals(live.destination())
                    && java.util.Objects.equals(r.via(), live.gateway()));
            if (!declared) {
                String dev = lns.link(live.oif()).map(LiveLink::name).orElse(null);
                removals.add(new Change.RouteDel(ns, live, dev, (SourceLocation) null));
            }
        }
    }
}
