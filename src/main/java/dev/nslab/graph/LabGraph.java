package dev.nslab.graph;

import dev.nslab.model.Addresses;
import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Route;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;
import dev.nslab.model.Veth;
import dev.nslab.model.Vxlan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A lab as a picture a student can read, drawn as {@link Dot} (Graphviz) or {@link Mermaid}: each
 * namespace a box (the host grey and doubled) holding its IP stack (its name, whether it
 * forwards, the links that are not cables, the routes the script gives it), its bridges (switches)
 * and its uplinks; each veth pair a cable with each end's interface name and addresses written
 * at that end; an end enslaved to a bridge hangs on the bridge. vxlan endpoints with one VNI are
 * joined by a dashed cable.
 * <p>
 * Drawn from a live lab, every cable (uplinks too) shows its state: green when both ends are UP
 * with carrier, red and dashed with the state named (DOWN, NO-CARRIER, MISSING) otherwise.
 * <p>
 * Identifiers are an injective encoding of the names ({@link #id}), so namespaces {@code a-b}
 * and {@code a_b} stay two boxes. A hub with many cables (a star) spreads them over several
 * columns on both sides instead of one tall column. No I/O here.
 */
public final class LabGraph {
    /** A hub with more cables than this spreads them over columns. */
    static final int COLUMN_HEIGHT = 8;

    final Topology lab;
    private final Map<String, LiveNamespace> live;
    final List<Box> boxes = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();

    /** A namespace's box; {@code id} is its stack node's. */
    record Box(String namespace, String id, boolean host, boolean router) {
        String title() {
            return host ? "host" : "netns " + namespace;
        }
    }

    record Node(String id, String namespace, String label, Kind kind) {
    }

    enum Kind { STACK, BRIDGE, DEVICE }

    /**
     * A cable: {@code tail} is written at its {@code from} end, {@code head} at its {@code to} end,
     * {@code middle} along it. {@code state} is null when drawn from the script alone, else "UP",
     * "DOWN", "NO-CARRIER", "MISSING".
     */
    record Edge(String from, String to, String tail, String head, String middle, String state, boolean tunnel, int minlen) {
        boolean healthy() {
            return state == null || state.equals("UP");
        }
    }

    private LabGraph(Topology lab, Map<String, LiveNamespace> live) {
        this.lab = lab;
        this.live = live;
        build();
        spreadStars();
    }

    /**
     * @param live the live namespaces by name ({@code host} for the host), or null to draw the script alone
     */
    public static LabGraph of(Topology lab, Map<String, LiveNamespace> live) {
        return new LabGraph(lab, live);
    }

    /** Graphviz DOT: {@code dot -Tsvg} draws it. */
    public String dot() {
        return Dot.render(this);
    }

    /** A Mermaid flowchart, for Markdown that renders Mermaid (GitHub, GitLab, many wikis). */
    public String mermaid() {
        return Mermaid.render(this);
    }

    /**
     * An identifier for DOT and Mermaid alike: letters and digits stay, every other byte (the
     * underscore too) becomes {@code _XX} in hex, so two names give two identifiers
     * ({@code a-b} is {@code a_2Db}, {@code a_b} is {@code a_5Fb}) and an identifier never holds
     * {@code __}, which therefore separates the parts.
     */
    static String id(String kind, String... parts) {
        StringBuilder s = new StringBuilder(kind);
        for (String part : parts) {
            s.append("__");
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (c < 128 && Character.isLetterOrDigit(c)) {
                    s.append(c);
                } else {
                    s.append('_').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return s.toString();
    }

    static String stackId(String ns) {
        return id("ns", ns);
    }

    private static String bridgeId(String ns, String name) {
        return id("br", ns, name);
    }

    private void build() {
        for (Namespace ns : lab.namespaces()) {
            boolean used = !ns.isHost() || !lab.interfacesIn(Namespace.HOST).isEmpty() || !lab.uplinksIn(Namespace.HOST).isEmpty()
                    || lab.expectations().stream().anyMatch(e -> e.fromNamespace().equals(Namespace.HOST));
            if (!used) {
                continue;
            }
            boolean router = forwards(ns.name());
            boxes.add(new Box(ns.name(), stackId(ns.name()), ns.isHost(), router));
            nodes.add(new Node(stackId(ns.name()), ns.name(), stackLabel(ns, router), Kind.STACK));
        }
        for (Link link : lab.links()) {
            if (link instanceof Bridge b) {
                String id = bridgeId(b.namespace(), b.name());
                nodes.add(new Node(id, b.namespace(), b.name() + "\nswitch" + (b.stp() ? ", stp" : ""), Kind.BRIDGE));
                // the bridge's own interface is the stack's port on the switch: its addresses are the stack's
                edges.add(new Edge(stackId(b.namespace()), id, b.name() + addresses(b.attrs().addresses()), "", "",
                        state(b.attrs(), null), false, 1));
            }
        }
        for (Link link : lab.links()) {
            if (link instanceof Veth v) {
                edges.add(new Edge(attach(v.attrs()), attach(v.peer()), end(v.attrs()), end(v.peer()), "",
                        state(v.attrs(), v.peer()), false, 1));
            }
        }
        for (Uplink u : lab.uplinks()) {
            String id = id("dev", u.namespace(), u.name());
            nodes.add(new Node(id, u.namespace(), u.name() + "\nhost device", Kind.DEVICE));
            String to = u.master() != null ? bridgeId(u.namespace(), u.master()) : stackId(u.namespace());
            edges.add(new Edge(id, to, "uplink " + u.name(), addresses(u.addresses()).strip(), "",
                    live == null ? null : stateOf(u.namespace(), u.name()), false, 1));
        }
        Map<Integer, List<Vxlan>> byVni = new LinkedHashMap<>();
        lab.links().stream().filter(l -> l instanceof Vxlan).map(l -> (Vxlan) l)
                .forEach(v -> byVni.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(v));
        for (List<Vxlan> group : byVni.values()) {
            for (int i = 1; i < group.size(); i++) {
                Vxlan a = group.get(0);
                Vxlan b = group.get(i);
                edges.add(new Edge(stackId(a.namespace()), stackId(b.namespace()), end(a.attrs()), end(b.attrs()), "",
                        state(a.attrs(), b.attrs()), true, 1));
            }
        }
    }

    /** The stack's lines: its name, forwarding, links that are not cables, then its routes. */
    private String stackLabel(Namespace ns, boolean router) {
        List<String> lines = new ArrayList<>();
        lines.add(ns.isHost() ? "host" : ns.name());
        if (router) {
            lines.add("router: forwarding on");
        }
        for (Link link : lab.links()) {
            if (link.namespace().equals(ns.name()) && !(link instanceof Veth) && !(link instanceof Bridge)) {
                lines.add(link.kind() + " " + link.name() + addresses(link.attrs().addresses()).replace('\n', ' '));
            }
        }
        List<Route> routes = lab.routesIn(ns.name());
        if (!routes.isEmpty()) {
            lines.add("routes:");
            for (Route r : routes) {
                lines.add((r.destination().isDefault() ? "default" : r.destination().toString())
                        + (r.via() == null ? "" : " via " + Addresses.format(r.via())) + (r.dev() == null ? "" : " dev " + r.dev()));
            }
        }
        return String.join("\n", lines);
    }

    /** Whether the script turns forwarding on in {@code ns} (IPv4 or IPv6). */
    private boolean forwards(String ns) {
        return lab.sysctls().stream().filter(s -> s.namespace().equals(ns))
                .anyMatch(s -> (s.path().equals(Sysctl.pathOf("net.ipv4.ip_forward"))
                        || s.path().equals(Sysctl.pathOf("net.ipv6.conf.all.forwarding"))) && s.value().strip().equals("1"));
    }

    private String attach(LinkAttrs end) {
        return end.master() != null ? bridgeId(end.namespace(), end.master()) : stackId(end.namespace());
    }

    /** An end's label: its name, addresses, and its shaping in short ("shaped 20mbit 40ms"). */
    private static String end(LinkAttrs end) {
        return end.name() + addresses(end.addresses()) + (end.shape().isNone() ? "" : "\nshaped " + end.shape().summary());
    }

    private static String addresses(List<Prefix> addresses) {
        return addresses.stream().map(p -> "\n" + p).collect(Collectors.joining());
    }

    /**
     * Spreads the cables of a hub with more than {@link #COLUMN_HEIGHT} of them over columns on
     * both of its sides (by their minimum length and direction), so that a star of 50 is about as
     * wide as it is tall instead of one column of 50. Fifty labels cannot all stand at the hub,
     * so there the port's name goes along the cable, near the middle, where spokes are apart.
     */
    private void spreadStars() {
        Map<String, List<Integer>> byHub = new HashMap<>();
        for (int i = 0; i < edges.size(); i++) {
            byHub.computeIfAbsent(edges.get(i).to(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> spokes : byHub.values()) {
            if (spokes.size() <= COLUMN_HEIGHT) {
                continue;
            }
            int columns = (int) Math.ceil(Math.sqrt(spokes.size() / 2.0));
            for (int k = 0; k < spokes.size(); k++) {
                Edge e = edges.get(spokes.get(k));
                int minlen = 1 + (k / 2) % columns;
                edges.set(spokes.get(k), k % 2 == 0
                        ? new Edge(e.from(), e.to(), e.tail(), "", e.head(), e.state(), e.tunnel(), minlen)
                        : new Edge(e.to(), e.from(), "", e.tail(), e.head(), e.state(), e.tunnel(), minlen));
            }
        }
    }

    /** The worse state of the given ends, or null when drawn without live state. */
    private String state(LinkAttrs a, LinkAttrs b) {
        if (live == null) {
            return null;
        }
        String sa = stateOf(a.namespace(), a.name());
        String sb = b == null ? "UP" : stateOf(b.namespace(), b.name());
        return !sa.equals("UP") ? sa : sb;
    }

    private String stateOf(String namespace, String name) {
        Optional<LiveLink> l = Optional.ofNullable(live.get(namespace)).flatMap(n -> n.link(name));
        if (l.isEmpty()) {
            return "MISSING";
        }
        return !l.get().up() ? "DOWN" : l.get().lowerUp() ? "UP" : "NO-CARRIER";
    }

    /** The nodes of one namespace's box, its stack first. */
    List<Node> nodesIn(String namespace) {
        return nodes.stream().filter(n -> n.namespace().equals(namespace)).toList();
    }
}
