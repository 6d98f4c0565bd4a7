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
import dev.nslab.netlink.nl.LinkKind;
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
import dev.nslab.netns.ProcNetDev;
import dev.nslab.netns.Tuntap;
import dev.nslab.plan.Change;
import dev.nslab.plan.Plan;
import dev.nslab.plan.Planner;
import dev.nslab.state.Journal;
import dev.nslab.state.JournalRecord;
import dev.nslab.state.LabLock;
import dev.nslab.state.Labs;
import dev.nslab.state.UplinkOrigin;
import dev.nslab.sys.Errno;
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

    /**
     * What {@code up} did. {@code requests} counts the netlink writes (0 when nothing changed);
     * {@code ready}: each spawn with {@code ready} and how long it took.
     */
    public record Result(Plan plan, int requests, List<SpawnReadiness.Waited> ready) {
    }

    /**
     * Starts loading the kernel side (jnr-ffi's libc binding, the netlink and codec classes) on
     * a background thread, so that it overlaps with compiling the script: about a third of a
     * second of start-up that would otherwise come after it. Opens and closes one netlink
     * socket in the calling thread's namespace; changes nothing.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try (Netlink nl = Netlink.open()) {
                nl.socket().nextSeq();
            } catch (RuntimeException | LinkageError ignored) {
                // the real call will meet the same problem and report it
            }
        }, "nslab-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Prints nothing, changes nothing: the plan {@code up} would carry out now. */
    public static Plan plan(Topology lab) {
        return plan(lab, false);
    }

    /** The plan {@code up} would carry out now; changes nothing. */
    public static Plan plan(Topology lab, boolean allowHostDevices) {
        try (Session s = new Session()) {
            Ownership owned = Labs.claims(lab.labName()).owned();
            LiveState live = readLive(lab, s);
            return Planner.plan(lab, live, owned, readSysctls(lab, s, live), allowHostDevices);
        }
    }

    /** Brings the lab up, or converges it; returns the plan that was carried out. */
    public static Result up(Topology lab) {
        return up(lab, false);
    }

    /**
     * Brings the lab up, or converges it; returns the plan that was carried out.
     *
     * @param allowHostDevices let the lab touch devices it did not create (its uplinks)
     */
    public static Result up(Topology lab, boolean allowHostDevices) {
        return up(lab, allowHostDevices, java.time.Duration.ZERO);
    }

    /** As {@link #up(Topology, boolean)}, waiting up to {@code wait} for another run of the lab to finish. */
    public static Result up(Topology lab, boolean allowHostDevices, java.time.Duration wait) {
        try (LabLock lock = LabLock.acquire(lab.labName(), wait); Session s = new Session()) {
            Journal journal = lock.journal();
            long t0 = System.nanoTime();
            LiveState live = readLive(lab, s);
            t0 = phase("up: live state read", t0);
            Plan plan = Planner.plan(lab, live, journal.claims().owned(), readSysctls(lab, s, live), allowHostDevices);
            // Written once the plan is accepted: a refused plan leaves no journal behind.
            String script = java.nio.file.Paths.get(lab.file()).toAbsolutePath().normalize().toString();
            if (!script.equals(journal.scriptOf()) || !lab.parameters().equals(journal.parametersOf())) {
                journal.record(Journal.scriptRecords(script, lab.parameters()));
            }
            t0 = phase("up: planned " + dev.nslab.model.Counts.of(plan.changes().size(), "change"), t0);
            plan.warnings().forEach(LOG::warn);
            List<UplinkOrigin> undeclared = journal.uplinks().stream()
                    .filter(o -> lab.uplinks().stream().noneMatch(u -> u.name().equals(o.name()) && u.namespace().equals(o.namespace())))
                    .toList();
            giveBack(undeclared, journal, s);
            int requests = 0;
            Run run = plan.isEmpty() ? null : new Run(lab, plan, live, journal, s);
            if (run != null) {
                requests = run.execute();
            }
            t0 = System.nanoTime();
            waitUntilUp(lab, s);
            phase("up: waited for carrier", t0);
            List<Spawns.Started> started = new ArrayList<>();
            try {
                Hosts.sync(lab, journal.ownership().namespaces());
                Spawns.startMissing(lab, s, started);
                List<SpawnReadiness.Waited> ready = SpawnReadiness.await(lab, started);
                return new Result(plan, requests, ready);
            } catch (RuntimeException e) {
                // A service that does not come up fails up as a refused step does: undone.
                Spawns.stopStarted(lab.labName(), started);
                if (run != null) {
                    run.undo(e);
                }
                try {
                    Hosts.sync(lab, lab.declaredNamespaces().stream().map(dev.nslab.model.Namespace::name).toList());
                } catch (RuntimeException hostsFailed) {
                    e.addSuppressed(hostsFailed);
                }
                throw e;
            }
        }
    }

    /** Removes what the lab made, and nothing else. Returns the number of objects removed. */
    public static int down(String labName) {
        return down(labName, java.time.Duration.ZERO);
    }

    /**
     * Removes what the lab made, and nothing else, waiting up to {@code wait} for another run of
     * the lab to finish. A name in the journal is not proof: a namespace goes only while it is
     * the one the lab made (its recorded identity), a host link only while it carries the lab's
     * mark (its alias); anything else the journal names is left, with a warning. Returns the
     * number of objects removed.
     */
    public static int down(String labName, java.time.Duration wait) {
        try (LabLock lock = LabLock.acquire(labName, wait); Session s = new Session()) {
            Journal journal = lock.journal();
            dev.nslab.state.Claims claims = journal.claims();
            Ownership owned = claims.owned();
            long t0 = System.nanoTime();
            int removed = giveBack(journal.uplinks(), journal, s);
            Spawns.stop(labName);
            Netlink host = s.netlink(Namespace.HOST);
            // A veth whose other end lives in a lab namespace goes with that namespace, and the
            // kernel unregisters a whole namespace's devices in one batch: far faster than
            // deleting host ends one by one (each waits for an RCU grace period).
            List<String> hostLinks = new ArrayList<>();
            java.util.Set<String> ours = new java.util.HashSet<>();
            for (LinkEntry l : host.linkList()) {
                if (!owned.hostLinks().contains(l.name())) {
                    continue;
                }
                if (!owned.aliasTag().equals(l.alias())) {
                    LOG.warn("link {} is named by the journal of lab {} but does not carry its mark (alias {}): left as it is"
                            + " (ip link del {} removes it, if it is yours to remove)", l.name(), labName, owned.aliasTag(), l.name());
                    continue;
                }
                ours.add(l.name());
                boolean goesWithNamespace = "veth".equals(l.kind()) && l.linkNetnsId() != null;
                if (!goesWithNamespace) {
                    hostLinks.add(l.name());
                }
            }
            claims.notMade().forEach(ns -> LOG.warn(claims.whyLeft(ns)));
            for (String ns : claims.placeholders()) {
                NamedNamespaces.delete(ns); // a run killed between the placeholder and its bind left it
                removed++;
            }
            List<String> present = NamedNamespaces.list();
            List<String> toRemove = owned.namespaces().stream().filter(present::contains).toList();
            toRemove.forEach(s::release);
            t0 = phase("down: uplinks given back, links listed", t0);
            int[] hostRemoved = {0};
            // The host's links (bridges, veths with both ends here) go while the kernel destroys
            // the namespaces: their destruction is asynchronous, and this overlaps it.
            NamespaceRemover.removeAll(toRemove, () -> hostRemoved[0] = removeHostLinks(labName, host, hostLinks));
            Hosts.removeAll(owned.namespaces());
            removed += toRemove.size() + hostRemoved[0];
            t0 = phase("down: " + dev.nslab.model.Counts.of(toRemove.size(), "namespace") + " and " + dev.nslab.model.Counts.of(hostLinks.size(), "host link") + " removed", t0);
            waitUntilGone(ours);
            phase("down: waited until the kernel had destroyed every veth", t0);
            journal.delete();
            return removed;
        }
    }

    /** Deletes host links in one batch (ENODEV: already gone); returns how many it deleted. */
    private static int removeHostLinks(String labName, Netlink host, List<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        int removed = 0;
        Batch<String> b = host.batch();
        names.forEach(n -> b.add(Requests.linkDel(LinkRef.byName(n)), n));
        for (Outcome<String> o : b.execute().outcomes()) {
            if (o.ok()) {
                removed++;
            } else if (o.errno() != Errno.ENODEV.number) {
                throw new ApplyException("lab " + labName + ": " + o);
            }
        }
        return removed;
    }

    /**
     * Gives uplinks back as they were: moved home to the host, released from their bridge,
     * their addresses, admin state and routes restored. Done before namespaces are removed,
     * since a virtual device would die with its namespace and a physical one would come back
     * down and bare. Returns how many were given back.
     */
    private static int giveBack(List<UplinkOrigin> uplinks, Journal journal, Session s) {
        int given = 0;
        Netlink host = s.netlink(Namespace.HOST);
        for (UplinkOrigin o : uplinks) {
            if (!Namespace.isHost(o.namespace()) && NamedNamespaces.list().contains(o.namespace())) {
                Netlink inside = s.netlink(o.namespace());
                if (inside.linkByName(o.name()).isPresent()) {
                    inside.execute(Requests.linkSetNs(LinkRef.byName(o.name()), s.handle(Namespace.HOST).fd(), "host"));
                }
            }
            Optional<LinkEntry> dev = host.linkByName(o.name());
            if (dev.isEmpty()) {
                LOG.warn("uplink {} is not in the host any more; it cannot be given back", o.name());
                continue;
            }
            LinkRef ref = LinkRef.byIndex(dev.get().index(), o.name());
            Batch<Void> b = host.batch();
            if (dev.get().masterIndex() != 0) {
                b.add(Requests.linkSetNoMaster(ref));
            }
            for (var a : o.addresses()) {
                b.add(Requests.addrAdd(ref.index(), o.name(), a.address(), a.length(), false));
            }
            b.add(o.up() ? Requests.linkSetUp(ref) : Requests.linkSetDown(ref));
            for (var r : o.routes()) {
                b.add(Requests.routeReplace(new RouteSpec(family(r.destination().isIpv6()), r.destination().address(),
                        r.destination().length(), r.gateway(), ref.index(), o.name())));
            }
            for (Outcome<Void> out : b.execute().outcomes()) {
                if (!out.ok() && out.errno() != Errno.EEXIST.number) {
                    LOG.warn("giving back uplink {}: {}", o.name(), out);
                }
            }
            UplinkQdisc.giveBack(o, host, ref);
            journal.record(new JournalRecord.UplinkGivenBack(o.name()));
            given++;
        }
        return given;
    }

    private static LiveState readLive(Topology lab, Session s) {
        List<String> named = new ArrayList<>(NamedNamespaces.list());
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
    private static Map<String, String> readSysctls(Topology lab, Session s, LiveState live) {
        dev.nslab.live.Sysctls.Result r = dev.nslab.live.Sysctls.read(lab, live, s::handle);
        if (!r.missing().isEmpty()) {
            throw new dev.nslab.plan.PlanException(null, String.join("\n", r.missing().stream()
                    .map(m -> m.sysctl().location() + ": " + m.why()).toList()));
        }
        return r.values();
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
        private final List<String> recordedUplinks = new ArrayList<>();
        private final LiveState live;
        private int requests;

        Run(Topology lab, Plan plan, LiveState live, Journal journal, Session s) {
            this.lab = lab;
            this.plan = plan;
            this.journal = journal;
            this.s = s;
            this.live = live;
            for (LiveNamespace ns : live.namespaces().values()) {
                Map<String, Integer> byName = new HashMap<>();
                ns.links().forEach(l -> byName.put(l.name(), l.index()));
                indexes.put(ns.name(), byName);
                nextIndex.put(ns.name(), ns.maxIndex() + 1);
            }
        }

        int execute() {
            try {
                long t = System.nanoTime();
                recordUplinkOrigins();
                removals();
                t = phase("up: removals", t);
                namespaces();
                t = phase("up: namespaces created", t);
                links();
                t = phase("up: links created", t);
                moveUplinks();
                settings();
                t = phase("up: links set, addresses and routes added", t);
                sysctls();
                t = phase("up: sysctls", t);
                requests += Qdiscs.apply(plan, s::netlink, this::index);
                phase("up: qdiscs", t);
                return requests;
            } catch (StateUnknownException e) {
                throw e; // nothing was refused: what was sent is likely there, and the next up converges
            } catch (RuntimeException e) {
                undo(e);
                throw e;
            }
        }

        private void removals() {
            for (Change.NamespaceDel d : plan.of(Change.NamespaceDel.class)) {
                s.release(d.namespace());
                NamespaceRemover.remove(d.namespace());
                journal.record(new JournalRecord.ForgetNamespace(d.namespace()));
            }
            Map<String, Batch<Change>> batches = new LinkedHashMap<>();
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

        /** Writes down how each uplink is before the lab first changes it. */
        private void recordUplinkOrigins() {
            List<String> known = journal.uplinks().stream().map(UplinkOrigin::name).toList();
            LiveNamespace host = live.namespaces().get(Namespace.HOST);
            List<JournalRecord> lines = new ArrayList<>();
            for (var u : lab.uplinks()) {
                var dev = host.link(u.name());
                if (known.contains(u.name()) || dev.isEmpty()) {
                    continue;
                }
                int index = dev.get().index();
                List<UplinkOrigin.RouteVia> routes = host.routes().stream().filter(r -> r.oif() == index)
                        .filter(r -> !(r.gateway() == null && host.addressesOf(index).stream()
                                .anyMatch(a -> a.prefix().network().equals(r.destination()))))
                        .map(r -> new UplinkOrigin.RouteVia(r.destination(), r.gateway())).toList();
                List<dev.nslab.model.Prefix> addrs = host.addressesOf(index).stream()
                        .filter(a -> !a.isLinkLocal()).map(LiveState.LiveAddress::prefix).toList();
                String qdisc = host.rootQdisc(index).map(UplinkOrigin::qdiscOf).orElse("none"); // the dump lists none: the kernel's default
                lines.add(new JournalRecord.Uplink(new UplinkOrigin(u.name(), u.namespace(), dev.get().up(), addrs, routes, qdisc)));
                recordedUplinks.add(u.name());
            }
            journal.record(lines);
        }

        private void moveUplinks() {
            Batch<Change> moves = s.netlink(Namespace.HOST).batch();
            for (Change.UplinkMove m : plan.of(Change.UplinkMove.class)) {
                String name = m.uplink().name();
                moves.add(Requests.linkSetNs(LinkRef.byName(name), s.handle(m.namespace()).fd(), m.namespace()), m);
                indexes.getOrDefault(Namespace.HOST, new HashMap<>()).remove(name);
            }
            run(Map.of(Namespace.HOST, moves), false);
        }

        private void namespaces() {
            List<String> names = plan.of(Change.NamespaceAdd.class).stream().map(Change::namespace).toList();
            if (names.isEmpty()) {
                return;
            }
            journal.record(names.stream().map(JournalRecord.Namespace::new).toList());
            var created = NamedNamespaces.createAll(names,
                    (n, id) -> journal.record(new JournalRecord.NamespaceMade(n, id.dev(), id.ino())), n -> Netlink.open());
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

        /**
         * The ifindex a new link asks for: the next free one in a lab namespace, which only this
         * lab changes. In the host, 0 (the kernel chooses): other labs and programs make links
         * there at the same time, and two runs choosing the same number would fail with EEXIST.
         * Later requests find a host link's index by name.
         */
        private int assignIndex(String ns, String name) {
            return assignIndex(ns, name, -1);
        }

        /**
         * As {@link #assignIndex(String, String)}, never choosing {@code avoid}: the two ends of
         * a veth in two fresh namespaces would otherwise both get 2. The kernel's link watcher
         * treats a link whose ifindex equals its iflink (for a veth, the peer's ifindex) as not
         * urgent and sets its operstate UP up to a second later, and IPv6 waits for that.
         */
        private int assignIndex(String ns, String name, int avoid) {
            if (Namespace.isHost(ns)) {
                indexes.getOrDefault(ns, new HashMap<>()).remove(name);
                return 0;
            }
            int i = nextIndex.merge(ns, 1, Integer::sum) - 1;
            if (i == avoid) {
                i = nextIndex.merge(ns, 1, Integer::sum) - 1;
            }
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
            journal.record(hostNames.stream().map(JournalRecord.Link::new).toList());
            // Each host link gets the lab's mark (its alias) in the request right after the one
            // that makes it: a batch goes out a window (256) per sendmsg, which the kernel handles
            // whole before a kill lands, so a host link of the lab is without its mark only if a
            // kill falls exactly between two windows (docs/kernel-facts.md, "Files under /run/nslab").
            String mark = Ownership.none(lab.labName()).aliasTag();

            Map<String, Batch<Change>> bridges = new LinkedHashMap<>();
            Batch<Change> veths = s.netlink(Namespace.HOST).batch();
            Map<String, Batch<Change>> others = new LinkedHashMap<>();
            List<Change.LinkAdd> deferred = new ArrayList<>();
            // Taps first: the kernel chooses their ifindex, so the indexes chosen here for the
            // other links must come after theirs.
            for (Change.LinkAdd a : adds) {
                Link link = a.link();
                String ns = link.namespace();
                if (link instanceof Tap) {
                    if (Namespace.isHost(ns)) {
                        createdHostLinks.add(link.name());
                    }
                    Tuntap.tapAdd(s.handle(ns), link.name(), Namespace.isHost(ns)
                            ? () -> s.netlink(Namespace.HOST).execute(Requests.linkSetAlias(LinkRef.byName(link.name()), mark)) : () -> { });
                    requests++;
                    dev.nslab.netns.Faults.point("tap " + link.name() + " made");
                    int idx = s.netlink(ns).linkByName(link.name()).orElseThrow().index();
                    indexes.computeIfAbsent(ns, k -> new HashMap<>()).put(link.name(), idx);
                    nextIndex.merge(ns, idx + 1, Math::max);
                }
            }
            for (Change.LinkAdd a : adds) {
                Link link = a.link();
                String ns = link.namespace();
                if (link instanceof Tap) {
                    continue;
                }
                if (!(link instanceof Bridge) && !(link instanceof Veth)) {
                    deferred.add(a); // a macvlan's parent or a vxlan's dev may be made just before
                    continue;
                }
                LinkKind kind = kindOf(link);
                int peerIndex = kind instanceof LinkKind.Veth v ? v.peerIndex() : -1;
                NewLink nl = NewLink.of(link.name(), kind).withIndex(assignIndex(ns, link.name(), peerIndex))
                        .withMtu(link.mtu()).withMac(link.mac() == null ? null : Macs.parse(link.mac()));
                if (link instanceof Bridge) {
                    Batch<Change> b = bridges.computeIfAbsent(ns, k -> s.netlink(k).batch());
                    b.add(Requests.linkAdd(nl), a);
                    markHostEnds(b, link, mark, a);
                } else {
                    veths.add(Requests.linkAdd(Namespace.isHost(ns) ? nl : nl.inNamespace(s.handle(ns).fd())), a);
                    markHostEnds(veths, link, mark, a);
                }
                link.ends().stream().filter(e -> Namespace.isHost(e.namespace())).forEach(e -> createdHostLinks.add(e.name()));
            }
            run(bridges, false);
            run(Map.of(Namespace.HOST, veths), false);
            for (Change.LinkAdd a : deferred) {
                Link link = a.link();
                NewLink nl = NewLink.of(link.name(), kindOf(link)).withIndex(assignIndex(link.namespace(), link.name()))
                        .withMtu(link.mtu()).withMac(link.mac() == null ? null : Macs.parse(link.mac()));
                Batch<Change> b = others.computeIfAbsent(link.namespace(), k -> s.netlink(k).batch());
                b.add(Requests.linkAdd(nl), a);
                markHostEnds(b, link, mark, a);
                link.ends().stream().filter(e -> Namespace.isHost(e.namespace())).forEach(e -> createdHostLinks.add(e.name()));
            }
            run(others, false);
        }

        /** Adds the lab's mark to each host end of {@code link}, right after the request that makes it (a batch of the host's). */
        private static void markHostEnds(Batch<Change> b, Link link, String mark, Change cause) {
            link.ends().stream().filter(e -> Namespace.isHost(e.namespace()))
                    .forEach(e -> b.add(Requests.linkSetAlias(LinkRef.byName(e.name()), mark), cause));
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
            Map<String, Batch<Change>> batches = new LinkedHashMap<>();
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
                        case NO_IPV6_LINK_LOCAL -> Requests.linkSetIpv6AddrGenModeNone(ref);
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
                    dev.nslab.netns.Faults.point("sysctl " + set.sysctl().key() + " in " + set.namespace());
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
        private void run(Map<String, Batch<Change>> batches, boolean removal) {
            Map<String, BatchResult<Change>> results = executeAll(batches);
            for (var e : batches.entrySet()) {
                Batch<Change> b = e.getValue();
                BatchResult<Change> result = results.get(e.getKey());
                if (result == null) {
                    continue;
                }
                requests += b.size();
                int unknown = 0;
                int notSent = 0;
                Outcome<Change> firstUnknown = null;
                for (Outcome<Change> o : result.outcomes()) {
                    if (o.status() == Outcome.Status.FAILED && removal
                            && (o.errno() == Errno.ENODEV.number || o.errno() == Errno.ESRCH.number
                            || o.errno() == Errno.EADDRNOTAVAIL.number)) {
                        continue; // already gone: removal converged by itself
                    }
                    if (o.status() == Outcome.Status.UNKNOWN) {
                        unknown++;
                        firstUnknown = firstUnknown == null ? o : firstUnknown;
                    } else if (o.status() == Outcome.Status.NOT_SENT) {
                        notSent++; // after lost acks the batch stops sending: the state is unknown
                    } else if (!o.ok()) {
                        Change c = o.tag();
                        String where = c != null && c.location() != null ? c.location() + ": " : "";
                        throw new ApplyException(where + o.toException().getMessage() + hint(o), o.toException());
                    }
                }
                if (unknown > 0 || notSent > 0) {
                    Outcome<Change> first = firstUnknown != null ? firstUnknown
                            : result.outcomes().stream().filter(o -> o.status() == Outcome.Status.NOT_SENT).findFirst().orElseThrow();
                    Change c = first.tag();
                    String where = c != null && c.location() != null ? c.location() + ": " : "";
                    throw new StateUnknownException(where + "the kernel's answers to " + unknown + " of " + b.size()
                            + " requests in " + Namespace.describe(e.getKey()) + " were lost (ENOBUFS), from '"
                            + first.request().command() + "' on" + (notSent > 0 ? ", and the " + notSent + " after them were not sent" : "")
                            + ": the lost ones may or may not have been applied, so the lab is partly applied and was left"
                            + " as it is; run up again to converge");
                }
            }
        }

        /** Sends every namespace's batch, several at once (see {@link Batch#executeAll}). */
        private static Map<String, BatchResult<Change>> executeAll(Map<String, Batch<Change>> batches) {
            List<Map.Entry<String, Batch<Change>>> work = batches.entrySet().stream().filter(e -> !e.getValue().isEmpty()).toList();
            Map<Batch<Change>, String> namespaceOf = new java.util.IdentityHashMap<>();
            work.forEach(e -> namespaceOf.put(e.getValue(), e.getKey()));
            List<BatchResult<Change>> results = Batch.executeAll(work.stream().map(Map.Entry::getValue).toList(),
                    b -> dev.nslab.netns.Faults.point(b.size() + " requests in " + namespaceOf.get(b)));
            Map<String, BatchResult<Change>> byNamespace = new HashMap<>();
            for (int i = 0; i < work.size(); i++) {
                byNamespace.put(work.get(i).getKey(), results.get(i));
            }
            return byNamespace;
        }

        private static String hint(Outcome<?> o) {
            if (o.errno() == Errno.EEXIST.number) {
                return "; something else already holds that name or address";
            }
            if (o.errno() == Errno.EOPNOTSUPP.number) {
                return "; this kernel lacks that link kind";
            }
            if (o.errno() == Errno.EXFULL.number) {
                return "; a Linux bridge takes at most " + Bridge.MAX_PORTS + " ports: spread them over several bridges";
            }
            return "";
        }

        /**
         * Takes the system back to where this run began, as far as this run made it: uplinks it
         * first touched (and those in namespaces it made) are given back as they were, then the
         * host links and namespaces it created are removed, newest first. A journal left with
         * nothing in it is removed: the lab is not up. Changes to objects that existed before the
         * run (an address added to a link of a lab that was already up) stay: they are the
         * lab's, and the next {@code up} converges them. Failures here are added to the cause,
         * not thrown.
         */
        private void undo(RuntimeException cause) {
            LOG.warn("undoing this run after: {}", cause.getMessage());
            try {
                List<UplinkOrigin> touched = journal.uplinks().stream()
                        .filter(o -> recordedUplinks.contains(o.name()) || createdNamespaces.contains(o.namespace())).toList();
                giveBack(touched, journal, s);
                Netlink host = s.netlink(Namespace.HOST);
                for (String name : createdHostLinks) {
                    try {
                        host.linkDel(name);
                    } catch (NetlinkException ignored) {
                        // a veth end goes with its peer's namespace
                    }
                }
                createdNamespaces.forEach(s::release);
                NamespaceRemover.removeAll(createdNamespaces);
                // The journal names what a step may make before it is taken: take back every name
                // this run announced that is not there now (made and removed, or never made).
                List<JournalRecord> forget = new ArrayList<>();
                List<String> present = NamedNamespaces.list();
                plan.of(Change.NamespaceAdd.class).stream().map(Change::namespace)
                        .filter(n -> createdNamespaces.contains(n) || !present.contains(n)).forEach(n -> forget.add(new JournalRecord.ForgetNamespace(n)));
                List<String> hostNow = host.linkList().stream().map(LinkEntry::name).toList();
                plan.of(Change.LinkAdd.class).stream().flatMap(a -> a.link().ends().stream())
                        .filter(e -> Namespace.isHost(e.namespace())).map(LinkAttrs::name)
                        .filter(n -> createdHostLinks.contains(n) || !hostNow.contains(n)).forEach(n -> forget.add(new JournalRecord.ForgetLink(n)));
                journal.record(forget);
                Ownership left = journal.ownership();
                if (left.namespaces().isEmpty() && left.hostLinks().isEmpty() && journal.uplinks().isEmpty()
                        && Spawns.tracked(lab.labName()).isEmpty()) {
                    journal.delete();
                }
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
     * <p>
     * A veth has carrier on both ends exactly when both are up, so one end's view proves the
     * pair: each veth is looked at from one end (the host's, when it has one), and each pass
     * dumps only the namespaces that still have something to prove. A star of 500 is then one
     * host dump per pass, not 501. Ends with IPv6 addresses are looked at themselves, for their
     * operstate.
     */
    private static void waitUntilUp(Topology lab, Session s) {
        // A bridge with STP on holds each port in listening, then learning, for forward_delay
        // each, before it forwards: wait that long too, when the lab asks for STP.
        long stpMillis = lab.links().stream().filter(l -> l instanceof Bridge b && b.stp())
                .mapToLong(l -> 2_000L * (((Bridge) l).forwardDelay() == null ? 15 : ((Bridge) l).forwardDelay()) + 3_000)
                .max().orElse(0);
        long deadline = System.currentTimeMillis() + Math.max(CARRIER_TIMEOUT_MILLIS, stpMillis);
        List<UpProbe> probes = upProbes(lab);
        while (true) {
            Map<String, Map<String, LinkEntry>> byNs = new HashMap<>();
            for (UpProbe p : probes) {
                byNs.computeIfAbsent(p.namespace(), ns -> linksByName(s.netlink(ns).linkList()));
            }
            probes = probes.stream().filter(p -> !p.satisfiedBy(byNs.get(p.namespace()).get(p.name()))).toList();
            if (!probes.isEmpty() && LOG.isTraceEnabled()) {
                probes.forEach(p -> LOG.trace("waiting for {}: {}", p, byNs.get(p.namespace()).get(p.name())));
            }
            if (probes.isEmpty() && portsNotForwarding(lab, s).isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                List<String> problems = new ArrayList<>(portsNotForwarding(lab, s));
                problems.addAll(whyNotUp(lab, s));
                if (problems.isEmpty()) {
                    return; // all came up between the last pass and the deadline
                }
                throw new ApplyException("links not up after " + CARRIER_TIMEOUT_MILLIS / 1000 + " s:\n  " + String.join("\n  ", problems));
            }
            sleep(10);
        }
    }

    /** One thing to see in one namespace's link dump: a link that must be up, with carrier, with operstate UP. */
    private record UpProbe(String namespace, String name, boolean carrier, boolean operstateUp) {
        boolean satisfiedBy(LinkEntry e) {
            return e != null && e.isUp() && (!carrier || e.hasLowerUp()) && (!operstateUp || "UP".equals(e.operstate()));
        }
    }

    private static List<UpProbe> upProbes(Topology lab) {
        List<UpProbe> probes = new ArrayList<>();
        for (Link link : lab.links()) {
            List<LinkAttrs> up = link.ends().stream().filter(LinkAttrs::up).toList();
            if (!(link instanceof Veth)) {
                up.forEach(end -> probes.add(new UpProbe(end.namespace(), end.name(), false, false)));
                continue;
            }
            List<LinkAttrs> ipv6 = up.stream().filter(e -> e.addresses().stream().anyMatch(dev.nslab.model.Prefix::isIpv6)).toList();
            ipv6.forEach(end -> probes.add(new UpProbe(end.namespace(), end.name(), true, true)));
            if (ipv6.isEmpty() && !up.isEmpty()) {
                LinkAttrs seenFrom = up.stream().filter(e -> Namespace.isHost(e.namespace())).findFirst().orElse(up.get(0));
                probes.add(new UpProbe(seenFrom.namespace(), seenFrom.name(), true, false));
            }
        }
        return probes;
    }

    private static Map<String, LinkEntry> linksByName(List<LinkEntry> links) {
        Map<String, LinkEntry> byName = new HashMap<>();
        links.forEach(l -> byName.put(l.name(), l));
        return byName;
    }

    /** Every end that is not up as declared, with the reason, as "where: what" lines (after the wait gave up). */
    private static List<String> whyNotUp(Topology lab, Session s) {
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
                } else if (link instanceof Veth && !"UP".equals(e.operstate())
                        && end.addresses().stream().anyMatch(dev.nslab.model.Prefix::isIpv6)) {
                    // IPv6 starts on a link only when its operstate turns UP, which the
                    // kernel's link watcher does up to a second after carrier; until then
                    // the first IPv6 packets are lost.
                    problems.add(end.location() + ": " + end.name() + " (" + end.namespace() + ") has carrier but is "
                            + e.operstate() + ", not yet UP");
                }
            }
        }
        return problems;
    }

    /** Ports of the lab's STP bridges that do not forward yet, as "where: what" lines. */
    private static List<String> portsNotForwarding(Topology lab, Session s) {
        List<String> out = new ArrayList<>();
        Map<String, List<dev.nslab.netlink.BridgePort>> byNs = new HashMap<>();
        for (Link link : lab.links()) {
            if (!(link instanceof Bridge b) || !b.stp() || !b.up()) {
                continue;
            }
            List<dev.nslab.netlink.BridgePort> ports = byNs.computeIfAbsent(b.namespace(), ns -> s.netlink(ns).bridgePortList());
            List<LinkEntry> links = s.netlink(b.namespace()).linkList();
            int index = links.stream().filter(l -> l.name().equals(b.name())).mapToInt(LinkEntry::index).findFirst().orElse(-1);
            for (var port : ports) {
                if (port.masterIndex() == index && port.state() != dev.nslab.netlink.BridgePort.State.FORWARDING) {
                    out.add(b.location() + ": " + port.name() + " (" + Namespace.describe(b.namespace()) + "), a port of "
                            + b.name() + " with STP on, is still " + port.state().name().toLowerCase(java.util.Locale.ROOT)
                            + ": STP lets it forward after 2 x forward_delay");
                }
            }
        }
        return out;
    }

    /** Virtual links die asynchronously after their namespace; wait until the host no longer shows them. */
    private static void waitUntilGone(java.util.Collection<String> names) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            // Polled from /proc, not with link dumps, which slow the kernel's teardown (ProcNetDev).
            List<String> present = ProcNetDev.linkNames().stream().filter(names::contains).toList();
            if (present.isEmpty()) {
                return;
            }
            sleep(5);
        }
        throw new ApplyException("links still present 10 s after their namespaces were removed: " + names);
    }

    /** Logs how long a phase took (with -v), and returns the start of the next one. */
    static long phase(String what, long since) {
        long now = System.nanoTime();
        LOG.debug("{}: {} ms", what, (now - since) / 1_000_000);
        return now;
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
