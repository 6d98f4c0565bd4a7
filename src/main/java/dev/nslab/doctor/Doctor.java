package dev.nslab.doctor;

import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Route;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.model.Veth;
import dev.nslab.netlink.BridgePort;
import dev.nslab.plan.LinkHealth;
import dev.nslab.trace.End;
import dev.nslab.trace.Loss;
import dev.nslab.trace.PacketTracer;
import dev.nslab.trace.Segments;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds why traffic fails in a lab, from the script's {@link Topology} and what the kernel holds
 * ({@link Observed}), and says what to do: one {@link Finding} per problem, with the script line
 * it concerns. No I/O: {@link Observer} does the reading.
 * <p>
 * It looks at: namespaces and links that are missing or down; veths without carrier because
 * their peer is down; bridge ports that STP keeps from forwarding; IPv6 addresses tentative or
 * failed by DAD; one address twice in a segment (a set of interfaces joined by veths and
 * bridges); routes whose gateway is no longer on a link, or that are missing; sysctls that
 * differ from the script; a namespace that is the gateway between two of its links but does not
 * forward. Then it follows each {@code ping} expectation with a {@link PacketTracer}, which
 * names the first place the packet or its reply would be lost.
 */
public final class Doctor {
    private final Topology lab;
    private final Observed seen;
    private final Set<String> findings = new LinkedHashSet<>();
    private final List<Finding> ordered = new ArrayList<>();
    /** Interfaces that carry no traffic for a reason already reported (down, no carrier, STP). */
    private final Set<End> broken = new HashSet<>();
    private final Segments segments;
    private final Set<String> forwardingReported = new HashSet<>();

    private Doctor(Topology lab, Observed seen) {
        this.lab = lab;
        this.seen = seen;
        this.segments = new Segments(seen);
    }

    /** Every problem found, in the order: links, ports, addresses, routes, sysctls, expectations. */
    public static List<Finding> diagnose(Topology lab, Observed seen) {
        Doctor d = new Doctor(lab, seen);
        d.namespaces();
        d.links();
        d.ports();
        d.segments();
        d.addresses();
        d.duplicates();
        d.sysctls();
        d.routes();
        d.expectations();
        return List.copyOf(d.ordered);
    }

    private void add(SourceLocation at, String message) {
        Finding f = new Finding(at, message);
        if (findings.add(f.toString())) {
            ordered.add(f);
        }
    }

    private String upHint() {
        return "bring the lab up again (nslab up " + lab.file() + ")";
    }

    // ---- links ---------------------------------------------------------------------------

    private void namespaces() {
        for (Namespace ns : lab.declaredNamespaces()) {
            if (seen.namespace(ns.name()).isEmpty()) {
                add(ns.location(), "namespace '" + ns.name() + "' does not exist: " + upHint());
            }
        }
    }

    private void links() {
        for (Link link : lab.links()) {
            for (LinkAttrs end : link.ends()) {
                Optional<Observed.View> view = seen.namespace(end.namespace());
                if (view.isEmpty()) {
                    continue;
                }
                End e = new End(end.namespace(), end.name());
                Optional<LiveLink> live = view.get().live().link(end.name());
                if (live.isEmpty()) {
                    add(end.location(), LinkHealth.missing(end) + ": " + upHint());
                    broken.add(e);
                    continue;
                }
                LiveLink l = live.get();
                if (!l.up() || (link instanceof Veth && !l.lowerUp())) {
                    broken.add(e);
                }
                LinkAttrs peer = LinkHealth.peerOf(link, end);
                if (!end.up()) {
                    if (!l.up()) {
                        add(end.location(), LinkHealth.down(end)); // down() in the script: named, not to be set up
                    }
                    continue;
                }
                if (!l.up()) {
                    boolean peerReports = peer != null && peer.up() && liveLink(peer).map(LiveLink::up).orElse(false);
                    if (!peerReports) {
                        add(end.location(), LinkHealth.down(end));
                    }
                    continue;
                }
                if (link instanceof Veth && !l.lowerUp()) {
                    if (peer.up()) { // a peer declared down is named at its own line
                        add(end.location(), noCarrier(end, peer));
                    }
                }
                masterAndAddresses(end, e, l, view.get());
            }
        }
    }

    private void masterAndAddresses(LinkAttrs end, End e, LiveLink l, Observed.View view) {
        if (end.master() != null) {
            String liveMaster = l.masterIndex() == 0 ? null : view.live().link(l.masterIndex()).map(LiveLink::name).orElse(null);
            if (!end.master().equals(liveMaster)) {
                add(end.location(), e + " is not a port of bridge " + end.master()
                        + (liveMaster == null ? "" : " but of " + liveMaster) + ": " + upHint());
            }
        }
        List<Prefix> have = view.live().addressesOf(l.index()).stream().map(LiveAddress::prefix).toList();
        for (Prefix p : end.addresses()) {
            if (!have.contains(p)) {
                add(end.location(), e + " lacks its address " + p + ": " + upHint());
            }
        }
    }

    /** A veth end without carrier, in {@link LinkHealth}'s words, with what to do. */
    private String noCarrier(LinkAttrs end, LinkAttrs peer) {
        Optional<LiveLink> p = liveLink(peer);
        String why = LinkHealth.noCarrier(end, peer, p.map(x -> new LinkHealth.Seen(x.up(), x.lowerUp(), null)).orElse(null));
        return p.isEmpty() ? why + ": " + upHint() : p.get().up() ? why + "; ask again in a second" : why;
    }

    private Optional<LiveLink> liveLink(LinkAttrs end) {
        return seen.namespace(end.namespace()).flatMap(v -> v.live().link(end.name()));
    }

    private void ports() {
        for (Map.Entry<String, Observed.View> entry : seen.namespaces().entrySet()) {
            String ns = entry.getKey();
            Observed.View view = entry.getValue();
            for (BridgePort p : view.ports()) {
                End e = new End(ns, p.name());
                Optional<LiveLink> l = view.live().link(p.index());
                Optional<LiveLink> master = view.live().link(p.masterIndex());
                if (l.isEmpty() || !l.get().up() || !l.get().lowerUp() || broken.contains(e)
                        || master.map(m -> !m.up() || broken.contains(new End(ns, m.name()))).orElse(true)
                        || p.state() == BridgePort.State.FORWARDING || p.state() == BridgePort.State.UNKNOWN) {
                    continue;
                }
                Optional<LiveLink> bridge = master;
                String br = bridge.map(LiveLink::name).orElse("?");
                SourceLocation at = declared(ns, p.name()).orElse(declared(ns, br).orElse(namespaceLocation(ns)));
                broken.add(e);
                switch (p.state()) {
                    case LISTENING, LEARNING -> {
                        Integer delay = bridge.map(LiveLink::forwardDelay).orElse(null);
                        add(at, "port " + p.name() + " of bridge " + br + " (" + ns + ") is " + p.state().word()
                                + ": with STP on, a new port passes no frames while it listens and then learns, "
                                + (delay == null ? "one forward delay" : delay + " s") + " each; wait, or declare the bridge with stp false");
                    }
                    case BLOCKING -> add(at, "port " + p.name() + " of bridge " + br + " (" + ns
                            + ") is blocking: spanning tree found a loop and closed this port; remove the loop, or use the other path");
                    default -> add(at, "port " + p.name() + " of bridge " + br + " (" + ns + ") is disabled: set it up");
                }
            }
        }
    }

    // ---- segments and addresses ----------------------------------------------------------

    /** Veth pairs of the script join their ends; a bridge joins its ports to itself. */
    private void segments() {
        for (Link link : lab.links()) {
            if (link instanceof Veth v && liveLink(v.attrs()).isPresent() && liveLink(v.peer()).isPresent()) {
                segments.join(new End(v.attrs().namespace(), v.attrs().name()), new End(v.peer().namespace(), v.peer().name()));
            }
        }
        segments.joinBridgePorts();
    }

    private void addresses() {
        for (Map.Entry<String, Observed.View> entry : seen.namespaces().entrySet()) {
            String ns = entry.getKey();
            Observed.View view = entry.getValue();
            for (LiveAddress a : view.live().addresses()) {
                if (a.isLinkLocal() || (!a.tentative() && !a.dadFailed())) {
                    continue;
                }
                Optional<LiveLink> l = view.live().link(a.index());
                String dev = l.map(LiveLink::name).orElse("?");
                End e = new End(ns, dev);
                SourceLocation at = declared(ns, dev).orElse(namespaceLocation(ns));
                if (a.dadFailed()) {
                    add(at, a.prefix() + " on " + e + " failed duplicate address detection: another interface on its segment"
                            + " has it, so the kernel will not use it; give one of them another address");
                } else {
                    boolean carrier = l.map(x -> x.up() && x.lowerUp()).orElse(false);
                    add(at, a.prefix() + " on " + e + " is tentative: duplicate address detection has not finished"
                            + (carrier ? " (it takes about 2 s); wait" : ", and cannot while " + dev + " has no carrier; fix the carrier")
                            + ": until then nothing can be sent from it");
                }
            }
        }
    }

    private void duplicates() {
        Map<End, Map<InetAddress, List<End>>> bySegment = new LinkedHashMap<>();
        for (Map.Entry<String, Observed.View> entry : seen.namespaces().entrySet()) {
            Observed.View view = entry.getValue();
            for (LiveAddress a : view.live().addresses()) {
                if (a.isLinkLocal() || a.dadFailed() || a.prefix().address().isLoopbackAddress()) {
                    continue;
                }
                Optional<LiveLink> l = view.live().link(a.index());
                if (l.isEmpty()) {
                    continue;
                }
                End e = new End(entry.getKey(), l.get().name());
                bySegment.computeIfAbsent(segments.root(e), k -> new LinkedHashMap<>())
                        .computeIfAbsent(a.prefix().address(), k -> new ArrayList<>()).add(e);
            }
        }
        for (Map<InetAddress, List<End>> segment : bySegment.values()) {
            for (Map.Entry<InetAddress, List<End>> dup : segment.entrySet()) {
                List<End> ends = dup.getValue();
                if (ends.size() < 2) {
                    continue;
                }
                ends.sort(java.util.Comparator.comparing((End e) -> declaresAddress(e, dup.getKey()) ? 0 : 1)
                        .thenComparing(e -> declared(e.ns(), e.name()).map(SourceLocation::line).orElse(Integer.MAX_VALUE)));
                End first = ends.get(0);
                List<String> names = ends.stream().map(End::toString).toList();
                String listed = String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
                boolean v6 = dup.getKey() instanceof Inet6Address;
                add(declared(first.ns(), first.name()).orElse(namespaceLocation(first.ns())),
                        Addresses.format(dup.getKey()) + " is on both " + listed + ", in one segment: "
                                + (v6 ? "neighbour discovery" : "ARP") + " answers from either at random; give one of them another address");
            }
        }
    }

    private boolean declaresAddress(End e, InetAddress address) {
        return lab.interfacesIn(e.ns()).stream().filter(i -> i.name().equals(e.name()))
                .anyMatch(i -> i.addresses().stream().anyMatch(p -> p.address().equals(address)));
    }

    // ---- sysctls and routes --------------------------------------------------------------

    private void sysctls() {
        for (Sysctl s : lab.sysctls()) {
            Optional<Observed.View> view = seen.namespace(s.namespace());
            if (view.isEmpty()) {
                continue;
            }
            String live = view.get().sysctls().get(s.key());
            if (live != null && !live.equals(s.value())) {
                add(s.location(), s.key() + " is " + live + " in " + Namespace.describe(s.namespace())
                        + ", but the script sets " + s.value() + ": " + upHint());
            }
        }
    }

    private void routes() {
        for (Route r : lab.routes()) {
            Optional<Observed.View> view = seen.namespace(r.namespace());
            if (view.isEmpty()) {
                continue;
            }
            String dst = r.destination().isDefault() ? "default" : r.destination().toString();
            if (r.via() != null && !(r.via().isLinkLocalAddress() && r.dev() != null)) {
                Optional<LiveAddress> onLink = view.get().live().addresses().stream()
                        .filter(a -> !a.isLinkLocal() && a.prefix().contains(r.via())).findFirst();
                if (onLink.isEmpty()) {
                    add(r.location(), "gateway " + Addresses.format(r.via()) + " of route " + dst + " is not on any link of "
                            + Namespace.describe(r.namespace()) + ": no address there is in its subnet; give a link an address"
                            + " in that subnet, or correct the gateway");
                    continue;
                }
                forwarding(r, view.get(), onLink.get());
            }
            boolean present = view.get().live().routes().stream().anyMatch(l -> l.destination().equals(r.destination().network())
                    && (r.via() == null || r.via().equals(l.gateway())));
            if (!present) {
                add(r.location(), "route " + dst + (r.via() == null ? " dev " + r.dev() : " via " + Addresses.format(r.via()))
                        + " is missing in " + Namespace.describe(r.namespace()) + ": " + upHint());
            }
        }
    }

    /** The namespace that owns a route's gateway forwards for it, if it joins two networks. */
    private void forwarding(Route r, Observed.View view, LiveAddress onLink) {
        Optional<LiveLink> out = view.live().link(onLink.index());
        if (out.isEmpty()) {
            return;
        }
        End gateway = segments.holder(new End(r.namespace(), out.get().name()), r.via());
        if (gateway == null || gateway.ns().equals(r.namespace())) {
            return;
        }
        if (r.destination().isDefault() && Namespace.isHost(gateway.ns())) {
            return; // a default route to the host is how a lab reaches the host itself
        }
        Observed.View g = seen.namespace(gateway.ns()).orElseThrow();
        boolean joinsTwo = g.live().links().stream().filter(l -> !l.name().equals(gateway.name()) && !"loopback".equals(l.kind()))
                .anyMatch(l -> g.live().addressesOf(l.index()).stream().anyMatch(a -> !a.isLinkLocal()));
        if (joinsTwo) {
            forwardingOff(gateway.ns(), r.via() instanceof Inet6Address,
                    "it is the gateway of route " + (r.destination().isDefault() ? "default" : r.destination())
                            + " in " + Namespace.describe(r.namespace()) + " (line " + r.location().line() + ")");
        }
    }

    /** Reports forwarding off in {@code ns}, once, when it is off and the script does not set it. */
    private void forwardingOff(String ns, boolean v6, String why) {
        String key = PacketTracer.forwardingSysctl(v6);
        Observed.View view = seen.namespace(ns).orElseThrow();
        if (view.sysctl(key) != 0) {
            return;
        }
        boolean declared = lab.sysctls().stream().anyMatch(s -> s.namespace().equals(ns) && s.key().equals(key));
        if (!declared && forwardingReported.add(ns + " " + key)) { // when declared, the sysctl finding already says it differs
            List<String> links = view.live().links().stream().filter(l -> !"loopback".equals(l.kind()))
                    .filter(l -> view.live().addressesOf(l.index()).stream().anyMatch(a -> !a.isLinkLocal()))
                    .map(LiveLink::name).toList();
            add(namespaceLocation(ns), Namespace.describe(ns) + " routes between its links " + String.join(", ", links)
                    + " (" + why + "), but " + key + " is 0, so it drops what it should forward: add sysctl '" + key + "', 1"
                    + (Namespace.isHost(ns) ? "" : " in namespace('" + ns + "')"));
        }
    }

    // ---- expectations: follow the packet --------------------------------------------------

    private void expectations() {
        PacketTracer tracer = new PacketTracer(seen, segments, broken, this::shapingHolds);
        for (Expectation e : lab.expectations()) {
            if (e.kind() == Expectation.Kind.CONNECT && seen.namespace(e.fromNamespace()).isPresent()) {
                ConnectFindings.explain(lab, e, tracer).ifPresent(m -> add(e.location(), m));
                continue;
            }
            if (e.kind() != Expectation.Kind.PING || seen.namespace(e.fromNamespace()).isEmpty()) {
                continue;
            }
            Optional<Loss> loss = tracer.ping(e.fromNamespace(), e.target());
            if (loss.isPresent() && loss.get() instanceof Loss.ForwardingOff off) {
                forwardingOff(off.ns(), off.v6(), off.why());
            } else if (loss.isPresent() && loss.get() instanceof Loss.Stated lost) {
                add(e.location(), lost.message());
            }
        }
    }

    /** An echo request on the wire: Ethernet, IPv4 and ICMP headers and ping's 56 bytes of data. */
    private static final int PING_BYTES = 98;

    /**
     * Why the declared shaping of {@code end} keeps a ping from getting through: a loss of 100%,
     * or a rate (with the delay) that takes longer to send one echo than a check waits for its reply.
     */
    private String shapingHolds(End end) {
        Optional<dev.nslab.model.Shape> declared = lab.interfacesIn(end.ns()).stream().filter(i -> i.name().equals(end.name()))
                .map(LinkAttrs::shape).findFirst()
                .or(() -> lab.uplinksIn(end.ns()).stream().filter(u -> u.name().equals(end.name())).map(u -> u.shape()).findFirst());
        if (declared.isEmpty() || declared.get().isNone()) {
            return null;
        }
        dev.nslab.model.Shape s = declared.get();
        String where = declared(end.ns(), end.name()).map(l -> " (" + l + ")").orElse("");
        if (s.loss() != null && s.loss() >= 100) {
            return "whose script drops every packet it sends: loss '100%'" + where + "; lower the loss";
        }
        if ("tbf".equals(s.qdisc()) && s.tbfBurst() < PING_BYTES) {
            return "whose tbf bucket burst '" + s.tbfBurst() + "b'" + where + " is smaller than one echo ("
                    + PING_BYTES + " bytes on the wire): tbf drops every packet larger than its bucket; raise the burst";
        }
        long waitMicros = dev.nslab.check.Expectations.PING_WAIT.toNanos() / 1000;
        long delay = s.delay() == null ? 0 : s.delay();
        // netem's rate delays each packet by its own sending time; a tbf lets a ping pass from its full bucket
        long sendMicros = s.rate() == null || !s.needsNetem() ? 0 : PING_BYTES * 8L * 1_000_000 / s.rate();
        if (sendMicros > 0 && sendMicros + delay >= waitMicros) {
            return "whose rate '" + dev.nslab.model.Shape.formatRate(s.rate()) + "'" + where + " takes "
                    + dev.nslab.model.Shape.formatTime(sendMicros) + " to send one echo (" + PING_BYTES + " bytes)"
                    + (delay > 0 ? " on top of its delay '" + dev.nslab.model.Shape.formatTime(delay) + "'" : "")
                    + ", longer than the " + dev.nslab.model.Shape.formatTime(waitMicros) + " a check waits for the reply: raise the rate";
        }
        if (delay * 2 >= waitMicros) {
            return "whose delay '" + dev.nslab.model.Shape.formatTime(delay) + "'" + where + " is half or more of the "
                    + dev.nslab.model.Shape.formatTime(waitMicros) + " a check waits for a round trip: lower it";
        }
        return null;
    }

    // ---- where in the script -------------------------------------------------------------

    private Optional<SourceLocation> declared(String ns, String name) {
        Optional<SourceLocation> link = lab.interfacesIn(ns).stream().filter(i -> i.name().equals(name))
                .map(LinkAttrs::location).findFirst();
        if (link.isPresent()) {
            return link;
        }
        return lab.uplinksIn(ns).stream().filter(u -> u.name().equals(name)).map(u -> u.location()).findFirst();
    }

    private SourceLocation namespaceLocation(String ns) {
        Optional<SourceLocation> forward = lab.sysctls().stream()
                .filter(s -> s.namespace().equals(ns)).map(Sysctl::location).findFirst();
        return lab.namespace(ns).map(Namespace::location).filter(l -> l.line() > 0)
                .orElse(forward.orElse(new SourceLocation(lab.file(), 0)));
    }
}
