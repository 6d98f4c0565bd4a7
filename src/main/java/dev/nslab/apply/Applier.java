package dev.nslab.apply;

import dev.nslab.live.LiveReader;
import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Macvlan;
import dev.nslab.model.Namespace;
import dev.nslab.model.Ownership;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Tap;
import dev.nslab.model.Topology;
import dev.nslab.model.Veth;
import dev.nslab.model.Vxlan;
import dev.nslab.netlink.Batch;
import dev.nslab.netlink.BatchResult;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.LinkKind;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Macs;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NetlinkException;
import dev.nslab.netlink.NewLink;
import dev.nslab.netlink.Outcome;
import dev.nslab.netlink.Request;
import dev.nslab.netlink.Requests;
import dev.nslab.netlink.RouteSpec;
import dev.nslab.netlink.nl.Rtnl;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NamespaceSysctl;
import dev.nslab.netns.Tuntap;
import dev.nslab.plan.Change;
import dev.nslab.plan.Plan;
import dev.nslab.plan.Planner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan -> kernel. Reads the live state, plans, then applies in phases, each phase one batch per
 * namespace: removals; namespaces (each with its netlink socket opened inside at creation);
 * bridges; veths (every end made directly in its namespace); other links; link settings,
 * addresses and routes; sysctls. Then waits until what should be up is up.
 * <p>
 * New links get an ifindex chosen up front (above the highest one in their namespace), so the
 * requests that follow in the same batch can name them (master, addresses, routes) without a
 * round trip. When a step fails, everything this run created is removed again and the error
 * names the step, its script line and the kernel's words.
 */
public final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final long CARRIER_TIMEOUT_MILLIS = 5_000;

    private Applier() {
    }

    /** What {@code up} did. {@code requests} counts the netlink writes (0 when nothing changed). */
    public record Result(Plan plan, int requests) {
    }

    /** Prints nothing, changes nothing: the plan {@code up} would carry out now. */
    public static Plan plan(Topology lab) {
        try (Session s = new Session()) {
            Ownership owned = Journal.peek(lab.labName());
            LiveState live = readLive(lab, s);
            return Planner.plan(lab, live, owned, readSysctls(lab, s, live));
        }
    }

    /** Brings the lab up, or converges it; returns the plan that was carried out. */
    public static Result up(Topology lab) {
        try (Journal journal = Journal.open(lab.labName()); Session s = new Session()) {
            if (!lab.file().equals(Journal.scriptOf(lab.labName()))) {
                journal.record(List.of("script " + lab.file()));
            }
            LiveState live = readLive(lab, s);
            Plan plan = Planner.plan(lab, live, journal.ownership(), readSysctls(lab, s, live));
            int requests = 0;
            if (!plan.isEmpty()) {
                requests = new Run(lab, plan, live, journal, s).execute();
            }
            waitUntilUp(lab, s);
            Spawns.startMissing(lab, s);
            return new Result(plan, requests);
        }
    }

    /** Removes what the lab made, and nothing else. Returns the number of objects removed. */
    public static int down(String labName) {
        try (Journal journal = Journal.open(labName); Session s = new Session()) {
            Ownership owned = journal.ownership();
            int removed = 0;
            Spawns.stop(labName);
            Netlink host = s.netlink(Namespace.HOST);
            List<String> hostLinks = new ArrayList<>();
            for (String name : owned.hostLinks()) {
                Optional<LinkEntry> l = host.linkByName(name);
                if (l.isPresent() && (owned.aliasTag().equals(l.get().alias()) || l.get().alias() == null)) {
                    hostLinks.add(name);
                }
            }
            if (!hostLinks.isEmpty()) {
                Batch b = host.batch();
                hostLinks.forEach(n -> b.add(Requests.linkDel(LinkRef.byName(n)), n));
                for (Outcome o : b.execute().outcomes()) {
                    if (o.ok()) {
                        removed++;
                    } else if (o.errno() != dev.nslab.sys.Errno.ENODEV.number) {
                        throw new ApplyException("lab " + labName + ": " + o);
                    }
                }
            }
            for (String ns : owned.namespaces()) {
                if (NamedNamespaces.list().contains(ns)) {
                    NamespaceRemover.remove(ns);
                    removed++;
                }
            }
            waitUntilGone(host, owned.hostLinks());
            journal.delete();
            return removed;
        }
    }

    private static LiveState readLive(Topology lab, Session s) {
        List<String> named = NamedNamespaces.list();
        Map<String, LiveNamespace> live = new LinkedHashMap<>();
        live.put(Namespace.HOST, LiveReader.read(Namespace.HOST, s.netlink(Namespace.HOST)));
        for (Namespace ns : lab.declaredNamespaces()) {
            if (named.contains(ns.name())) {
                live.put(ns.name(), LiveReader.read(ns.name(), s.netlink(ns.name())));
            }
        }
        return LiveReader.state(named, live);
    }

    private static Map<String, String> readSysctls(Topology lab, Session s, LiveState live) {
        Map<String, String> values = new HashMap<>();
        for (Sysctl sc : lab.sysctls()) {
            if (live.namespace(sc.namespace()).isPresent()) {
                values.put(sc.namespace() + " " + sc.key(), NamespaceSysctl.read(s.handle(sc.namespace()), sc.key()));
            }
        }
        return values;
    }

    /** One execution of a plan, with what it created so far (to undo on failure). */
    private static final class Run {
        private final Topology lab;
        private final Plan plan;
        private final Journal journal;
        private final Session s;
        private final Map<String, Map<String, Integer>> indexes = new HashMap<>();
        private final Map<String, Integer> nextIndex = new HashMap<>();
        private final List<String> createdNamespaces = new ArrayList<>();
        private final List<String> createdHostLinks = new ArrayList<>();
        private int requests;

        Run(Topology lab, Plan plan, LiveState live, Journal journal, Session s) {
            this.lab = lab;
            this.plan = plan;
            this.journal = journal;
            this.s = s;
            for (LiveNamespace ns : live.namespaces().values()) {
                Map<String, Integer> byName = new HashMap<>();
                ns.links().forEach(l -> byName.put(l.name(), l.index()));
                indexes.put(ns.name(), byName);
                nextIndex.put(ns.name(), ns.maxIndex() + 1);
            }
        }

        int execute() {
            try {
                removals();
                namespaces();
                links();
                settings();
                sysctls();
                return requests;
            } catch (RuntimeException e) {
                undo(e);
                throw e;
            }
        }

        private void removals() {
            for (Change.NamespaceDel d : plan.of(Change.NamespaceDel.class)) {
                s.release(d.namespace());
                NamespaceRemover.remove(d.namespace());
                journal.record(List.of("-ns " + d.namespace()));
            }
            Map<String, Batch> batches = new LinkedHashMap<>();
            for (Change c : plan.changes()) {
                Request r;
                if (c instanceof Change.LinkDel d) {
                    r = Requests.linkDel(LinkRef.byName(d.name()));
                    indexes.getOrDefault(d.namespace(), new HashMap<>()).remove(d.name());
                } else if (c instanceof Change.AddrDel d) {
                    r = Requests.addrDel(index(d.namespace(), d.dev(), c), d.dev(), d.prefix().address(), d.prefix().length());
                } else if (c instanceof Change.RouteDel d) {
                    r = Requests.routeDel(new RouteSpec(family(d.route().destination().isIpv6()), d.route().destination().address(),
                            d.route().destination().length(), d.route().gateway(), d.route().oif(), d.dev()));
                } else {
                    continue;
                }
                batches.computeIfAbsent(c.namespace(), ns -> s.netlink(ns).batch()).add(r, c);
            }
            run(batches, true);
        }

        private void namespaces() {
            List<String> names = plan.of(Change.NamespaceAdd.class).stream().map(Change::namespace).toList();
            if (names.isEmpty()) {
                return;
            }
            journal.record(names.stream().map(n -> "ns " + n).toList());
            var created = NamedNamespaces.createAll(names, n -> Netlink.open());
            for (var c : created) {
                String ns = c.handle().name();
                s.adopt(ns, c.handle(), c.inside());
                createdNamespaces.add(ns);
                Map<String, Integer> byName = new HashMap<>();
                byName.put("lo", 1);
                indexes.put(ns, byName);
                nextIndex.put(ns, 2);
            }
        }

        private int assignIndex(String ns, String name) {
            int i = nextIndex.merge(ns, 1, Integer::sum) - 1;
            indexes.computeIfAbsent(ns, k -> new HashMap<>()).put(name, i);
            return i;
        }

        private void links() {
            List<Change.LinkAdd> adds = plan.of(Change.LinkAdd.class);
            List<String> hostNames = new ArrayList<>();
            for (Change.LinkAdd a : adds) {
                for (LinkAttrs end : a.link().ends()) {
                    if (Namespace.isHost(end.namespace())) {
                        hostNames.add(end.name());
                    }
                }
            }
            journal.record(hostNames.stream().map(n -> "link " + n).toList());

            Map<String, Batch> bridges = new LinkedHashMap<>();
            Batch veths = s.netlink(Namespace.HOST).batch();
            Map<String, Batch> others = new LinkedHashMap<>();
            for (Change.LinkAdd a : adds) {
                Link link = a.link();
                String ns = link.namespace();
                if (link instanceof Tap) {
                    Tuntap.tapAdd(s.handle(ns), link.name());
                    requests++;
                    int idx = s.netlink(ns).linkByName(link.name()).orElseThrow().index();
                    indexes.computeIfAbsent(ns, k -> new HashMap<>()).put(link.name(), idx);
                    continue;
                }
                NewLink nl = NewLink.of(link.name(), kindOf(link)).withIndex(assignIndex(ns, link.name()))
                        .withMtu(link.mtu()).withMac(link.mac() == null ? null : Macs.parse(link.mac()));
                if (link instanceof Bridge) {
                    bridges.computeIfAbsent(ns, k -> s.netlink(k).batch()).add(Requests.linkAdd(nl), a);
                } else if (link instanceof Veth) {
                    veths.add(Requests.linkAdd(Namespace.isHost(ns) ? nl : nl.inNamespace(s.handle(ns).fd())), a);
                } else {
                    others.computeIfAbsent(ns, k -> s.netlink(k).batch()).add(Requests.linkAdd(nl), a);
                }
                link.ends().stream().filter(e -> Namespace.isHost(e.namespace())).forEach(e -> createdHostLinks.add(e.name()));
            }
            run(bridges, false);
            run(Map.of(Namespace.HOST, veths), false);
            run(others, false);
            if (!hostNames.isEmpty()) {
                Batch tags = s.netlink(Namespace.HOST).batch();
                Ownership o = Ownership.none(lab.labName());
                hostNames.forEach(n -> tags.add(Requests.linkSetAlias(LinkRef.byName(n), o.aliasTag())));
                run(Map.of(Namespace.HOST, tags), false);
            }
        }

        private LinkKind kindOf(Link link) {
            if (link instanceof Veth v) {
                LinkAttrs peer = v.peer();
                Integer peerFd = Namespace.isHost(peer.namespace()) ? null : s.handle(peer.namespace()).fd();
                return new LinkKind.Veth(peer.name(), peerFd, assignIndex(peer.namespace(), peer.name()), peer.mtu(),
                        peer.mac() == null ? null : Macs.parse(peer.mac()));
            }
            if (link instanceof Bridge b) {
                return new LinkKind.Bridge(b.stp() ? Boolean.TRUE : null, b.forwardDelay());
            }
            if (link instanceof Macvlan m) {
                return new LinkKind.Macvlan(index(m.namespace(), m.parent(), null), macvlanMode(m.mode().word()));
            }
            if (link instanceof Vxlan v) {
                return new LinkKind.Vxlan(v.id(), v.remote(), v.local(), v.group(), v.dstport(),
                        v.dev() == null ? null : index(v.namespace(), v.dev(), null));
            }
            throw new IllegalArgumentException("no netlink form for " + link.kind());
        }

        private static int macvlanMode(String word) {
            return switch (word) {
                case "private" -> Rtnl.MACVLAN_MODE_PRIVATE;
                case "vepa" -> Rtnl.MACVLAN_MODE_VEPA;
                case "passthru" -> Rtnl.MACVLAN_MODE_PASSTHRU;
                default -> Rtnl.MACVLAN_MODE_BRIDGE;
            };
        }

        private void settings() {
            Map<String, Batch> batches = new LinkedHashMap<>();
            for (Change c : plan.changes()) {
                Request r = null;
                if (c instanceof Change.LinkSet set) {
                    LinkRef ref = LinkRef.byIndex(index(set.namespace(), set.name(), c), set.name());
                    r = switch (set.attribute()) {
                        case UP -> Requests.linkSetUp(ref);
                        case DOWN -> Requests.linkSetDown(ref);
                        case MTU -> Requests.linkSetMtu(ref, Integer.parseInt(set.value()));
                        case MAC -> Requests.linkSetMac(ref, Macs.parse(set.value()));
                        case MASTER -> Requests.linkSetMaster(ref, index(set.namespace(), set.value(), c), set.value());
                        case NOMASTER -> Requests.linkSetNoMaster(ref);
                    };
                } else if (c instanceof Change.AddrAdd a) {
                    // IPv6 without DAD: a lab's addresses are unique by validation, and DAD would
                    // leave them unusable ("tentative") for seconds after carrier.
                    r = Requests.addrAdd(index(a.namespace(), a.dev(), c), a.dev(), a.prefix().address(), a.prefix().length(),
                            a.prefix().isIpv6());
                } else if (c instanceof Change.RouteReplace rr) {
                    var route = rr.route();
                    int oif = route.dev() == null ? 0 : index(route.namespace(), route.dev(), c);
                    r = Requests.routeReplace(new RouteSpec(family(route.destination().isIpv6()), route.destination().network().address(),
                            route.destination().length(), route.via(), oif, route.dev()));
                }
                if (r != null) {
                    batches.computeIfAbsent(c.namespace(), ns -> s.netlink(ns).batch()).add(r, c);
                }
            }
            run(batches, false);
        }

        private void sysctls() {
            for (Change.SysctlSet set : plan.of(Change.SysctlSet.class)) {
                try {
                    NamespaceSysctl.write(s.handle(set.namespace()), set.sysctl().key(), set.sysctl().value());
                    requests++;
                } catch (RuntimeException e) {
                    throw new ApplyException(set.location() + ": " + set.command() + " failed: " + e.getMessage(), e);
                }
            }
        }

        private int index(String ns, String name, Change cause) {
            Integer i = indexes.getOrDefault(ns, Map.of()).get(name);
            if (i == null) {
                i = s.netlink(ns).linkByName(name).map(LinkEntry::index).orElseThrow(() -> new ApplyException(
                        (cause == null || cause.location() == null ? "" : cause.location() + ": ")
                                + "no link '" + name + "' in " + Namespace.describe(ns)));
                indexes.computeIfAbsent(ns, k -> new HashMap<>()).put(name, i);
            }
            return i;
        }

        /** Sends each namespace's batch; the first refused request stops the run (ENODEV tolerated for removals). */
        private void run(Map<String, Batch> batches, boolean removal) {
            for (var e : batches.entrySet()) {
                Batch b = e.getValue();
                if (b.isEmpty()) {
                    continue;
                }
                BatchResult result = b.execute();
                requests += b.size();
                for (Outcome o : result.outcomes()) {
                    if (o.status() == Outcome.Status.FAILED && removal
                            && (o.errno() == dev.nslab.sys.Errno.ENODEV.number || o.errno() == dev.nslab.sys.Errno.ESRCH.number
                            || o.errno() == dev.nslab.sys.Errno.EADDRNOTAVAIL.number)) {
                        continue; // already gone: removal converged by itself
                    }
                    if (!o.ok()) {
                        Change c = (Change) o.tag();
                        String where = c != null && c.location() != null ? c.location() + ": " : "";
                        String what = o.status() == Outcome.Status.FAILED
                                ? o.toException().getMessage()
                                : "'" + o.request().command() + "': the kernel's answer was lost (ENOBUFS); run up again to converge";
                        throw new ApplyException(where + what + hint(o), o.status() == Outcome.Status.FAILED ? o.toException() : null);
                    }
                }
            }
        }

        private static String hint(Outcome o) {
            if (o.errno() == dev.nslab.sys.Errno.EEXIST.number) {
                return "; something else already holds that name or address";
            }
            if (o.errno() == dev.nslab.sys.Errno.EOPNOTSUPP.number) {
                return "; this kernel lacks that link kind";
            }
            return "";
        }

        /** Removes what this run created, newest first; failures here are logged, not thrown. */
        private void undo(RuntimeException cause) {
            LOG.warn("undoing this run after: {}", cause.getMessage());
            try {
                Netlink host = s.netlink(Namespace.HOST);
                for (String name : createdHostLinks) {
                    try {
                        host.linkDel(name);
                    } catch (NetlinkException ignored) {
                        // a veth end goes with its peer's namespace
                    }
                }
                for (String ns : createdNamespaces) {
                    s.release(ns);
                    NamespaceRemover.remove(ns);
                }
                List<String> forget = new ArrayList<>();
                createdNamespaces.forEach(n -> forget.add("-ns " + n));
                createdHostLinks.forEach(n -> forget.add("-link " + n));
                journal.record(forget);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static int family(boolean ipv6) {
        return ipv6 ? Rtnl.AF_INET6 : Rtnl.AF_INET;
    }

    /**
     * Waits until every declared end that should be up is UP, and every veth end has carrier;
     * when one never gets there, says which and why.
     */
    private static void waitUntilUp(Topology lab, Session s) {
        long deadline = System.currentTimeMillis() + CARRIER_TIMEOUT_MILLIS;
        while (true) {
            List<String> problems = new ArrayList<>();
            Map<String, List<LinkEntry>> byNs = new HashMap<>();
            for (Link link : lab.links()) {
                for (LinkAttrs end : link.ends()) {
                    if (!end.up()) {
                        continue;
                    }
                    List<LinkEntry> links = byNs.computeIfAbsent(end.namespace(), ns -> s.netlink(ns).linkList());
                    LinkEntry e = links.stream().filter(l -> l.name().equals(end.name())).findFirst().orElse(null);
                    if (e == null) {
                        problems.add(end.location() + ": " + end.name() + " (" + end.namespace() + ") does not exist");
                    } else if (!e.isUp()) {
                        problems.add(end.location() + ": " + end.name() + " (" + end.namespace() + ") is down");
                    } else if (link instanceof Veth v && !e.hasLowerUp()) {
                        LinkAttrs peer = v.ends().get(0) == end ? v.ends().get(1) : v.ends().get(0);
                        problems.add(end.location() + ": " + end.name() + " (" + end.namespace() + ") has no carrier: its peer "
                                + peer.name() + " (" + peer.namespace() + ") is " + (peer.up() ? "not up yet" : "down: set it up"));
                    }
                }
            }
            if (problems.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new ApplyException("links not up after " + CARRIER_TIMEOUT_MILLIS / 1000 + " s:\n  " + String.join("\n  ", problems));
            }
            sleep(10);
        }
    }

    /** Virtual links die asynchronously after their namespace; wait until the host no longer shows them. */
    private static void waitUntilGone(Netlink host, java.util.Set<String> names) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> present = host.linkList().stream().map(LinkEntry::name).filter(names::contains).toList();
            if (present.isEmpty()) {
                return;
            }
            sleep(5);
        }
        throw new ApplyException("links still present 10 s after their namespaces were removed: " + names);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyException("interrupted");
        }
    }
}
