package dev.nslab.graph;

import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;
import dev.nslab.model.Veth;
import dev.nslab.model.Vxlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A lab as a picture, in Graphviz DOT or Mermaid: each namespace a box (the host drawn apart,
 * grey and doubled), each bridge a switch (a hexagon), each veth pair an edge labelled with its
 * two interface names and addresses; an end enslaved to a bridge hangs on the bridge. Uplinks
 * are drawn as the host devices they are, other links (macvlan, vxlan, tap) as lines inside
 * their namespace's box, and vxlan endpoints with one VNI are joined by a dashed edge.
 * <p>
 * Drawn from a live lab, every edge shows its state: green when both ends are UP with carrier,
 * red and dashed with the state named (DOWN, NO-CARRIER) otherwise. No I/O here.
 */
public final class LabGraph {
    private final Topology lab;
    private final Map<String, LiveNamespace> live;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    private record Node(String id, String label, Kind kind) {
    }

    private enum Kind { HOST, NAMESPACE, BRIDGE, DEVICE }

    /** {@code state} is null when drawn from the script alone, else "UP", "DOWN", "NO-CARRIER". */
    private record Edge(String from, String to, String tailLabel, String headLabel, String state, boolean tunnel) {
        boolean healthy() {
            return state == null || state.equals("UP");
        }
    }

    private LabGraph(Topology lab, Map<String, LiveNamespace> live) {
        this.lab = lab;
        this.live = live;
        build();
    }

    /**
     * @param live the live namespaces by name ({@code host} for the host), or null to draw the script alone
     */
    public static LabGraph of(Topology lab, Map<String, LiveNamespace> live) {
        return new LabGraph(lab, live);
    }

    private static String nsId(String ns) {
        return "ns_" + ns.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String bridgeId(String ns, String name) {
        return "br_" + ns.replaceAll("[^A-Za-z0-9]", "_") + "__" + name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private void build() {
        for (Namespace ns : lab.namespaces()) {
            List<String> lines = new ArrayList<>();
            lines.add(ns.isHost() ? "host" : ns.name());
            for (Link link : lab.links()) {
                if (link.namespace().equals(ns.name()) && !(link instanceof Veth) && !(link instanceof Bridge)) {
                    lines.add(link.kind() + " " + link.name() + addresses(link.attrs(), " "));
                }
            }
            boolean used = ns.isHost() ? !lab.interfacesIn(Namespace.HOST).isEmpty() || !lab.uplinksIn(Namespace.HOST).isEmpty()
                    || lab.expectations().stream().anyMatch(e -> e.fromNamespace().equals(Namespace.HOST)) : true;
            if (used) {
                nodes.add(new Node(nsId(ns.name()), String.join("\n", lines), ns.isHost() ? Kind.HOST : Kind.NAMESPACE));
            }
        }
        for (Link link : lab.links()) {
            if (link instanceof Bridge b) {
                String id = bridgeId(b.namespace(), b.name());
                nodes.add(new Node(id, b.name() + (b.stp() ? " (stp)" : "") + "\nswitch in " + b.namespace(), Kind.BRIDGE));
                // the bridge's own interface is the namespace's port on the switch
                edges.add(new Edge(nsId(b.namespace()), id, b.name() + addresses(b.attrs(), " "), "", state(b.attrs(), null), false));
            }
        }
        for (Link link : lab.links()) {
            if (link instanceof Veth v) {
                edges.add(new Edge(attach(v.attrs()), attach(v.peer()), v.attrs().name() + addresses(v.attrs(), "\n"),
                        v.peer().name() + addresses(v.peer(), "\n"), state(v.attrs(), v.peer()), false));
            }
        }
        for (Uplink u : lab.uplinks()) {
            String id = "dev_" + u.namespace().replaceAll("[^A-Za-z0-9]", "_") + "__" + u.name().replaceAll("[^A-Za-z0-9]", "_");
            nodes.add(new Node(id, u.name() + "\nhost device", Kind.DEVICE));
            String to = u.master() != null ? bridgeId(u.namespace(), u.master()) : nsId(u.namespace());
            edges.add(new Edge(id, to, "uplink", u.addresses().stream().map(Prefix::toString).collect(Collectors.joining("\n")),
                    null, false));
        }
        Map<Integer, List<Vxlan>> byVni = new LinkedHashMap<>();
        lab.links().stream().filter(l -> l instanceof Vxlan).map(l -> (Vxlan) l)
                .forEach(v -> byVni.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(v));
        for (List<Vxlan> group : byVni.values()) {
            for (int i = 1; i < group.size(); i++) {
                Vxlan a = group.get(0);
                Vxlan b = group.get(i);
                edges.add(new Edge(nsId(a.namespace()), nsId(b.namespace()), a.name() + addresses(a.attrs(), "\n"),
                        b.name() + addresses(b.attrs(), "\n"), state(a.attrs(), b.attrs()), true));
            }
        }
    }

    private String attach(LinkAttrs end) {
        return end.master() != null ? bridgeId(end.namespace(), end.master()) : nsId(end.namespace());
    }

    /** The end's addresses, and its shaping words in short ("shaped 20mbit 40ms"), each after {@code separator}. */
    private static String addresses(LinkAttrs end, String separator) {
        String shaping = end.shape().isNone() ? "" : separator + "shaped " + end.shape().summary();
        if (end.addresses().isEmpty()) {
            return shaping;
        }
        return separator + end.addresses().stream().map(Prefix::toString).collect(Collectors.joining(separator.isEmpty() ? "\n" : separator))
                + shaping;
    }


    /** The worse state of the given ends, or null when drawn without live state. */
    private String state(LinkAttrs a, LinkAttrs b) {
        if (live == null) {
            return null;
        }
        String sa = stateOf(a);
        String sb = b == null ? "UP" : stateOf(b);
        return !sa.equals("UP") ? sa : sb;
    }

    private String stateOf(LinkAttrs end) {
        Optional<LiveLink> l = Optional.ofNullable(live.get(end.namespace())).flatMap(n -> n.link(end.name()));
        if (l.isEmpty()) {
            return "MISSING";
        }
        return !l.get().up() ? "DOWN" : l.get().lowerUp() ? "UP" : "NO-CARRIER";
    }

    // ---- DOT -----------------------------------------------------------------------------

    /** Graphviz DOT: {@code dot -Tsvg} draws it. */
    public String dot() {
        StringBuilder s = new StringBuilder();
        s.append("graph ").append(quote(lab.labName())).append(" {\n");
        s.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=").append(quote("lab " + lab.labName()))
                .append(", labelloc=t, nodesep=0.6, ranksep=1.4];\n");
        s.append("  node [fontname=\"Helvetica\", fontsize=12];\n");
        s.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node n : nodes) {
            s.append("  ").append(n.id()).append(" [label=").append(quote(n.label())).append(", ").append(switch (n.kind()) {
                case HOST -> "shape=box, peripheries=2, style=\"filled,rounded\", fillcolor=\"#e0e0e0\"";
                case NAMESPACE -> "shape=box, style=\"filled,rounded\", fillcolor=\"#fff8dc\"";
                case BRIDGE -> "shape=hexagon, style=filled, fillcolor=\"#cfe8ff\"";
                case DEVICE -> "shape=cds, style=filled, fillcolor=\"#f0f0f0\"";
            }).append("];\n");
        }
        for (Edge e : edges) {
            s.append("  ").append(e.from()).append(" -- ").append(e.to()).append(" [");
            List<String> lines = new ArrayList<>();
            if (e.tunnel()) {
                lines.add("vxlan");
            }
            if (!e.tailLabel().isEmpty()) {
                lines.add(e.tailLabel().replace("\n", " ") + endOf(e.from()));
            }
            if (!e.headLabel().isEmpty()) {
                lines.add(e.headLabel().replace("\n", " ") + endOf(e.to()));
            }
            if (e.state() != null) {
                lines.add(e.state());
            }
            List<String> attrs = new ArrayList<>();
            attrs.add("label=" + quote(String.join("\n", lines)));
            if (e.state() != null) {
                attrs.add(e.healthy() ? "color=\"#2e7d32\", fontcolor=\"#2e7d32\", penwidth=2"
                        : "color=\"#c62828\", fontcolor=\"#c62828\", style=dashed, penwidth=2");
            } else if (e.tunnel()) {
                attrs.add("style=dashed");
            }
            s.append(String.join(", ", attrs)).append("];\n");
        }
        s.append("}\n");
        return s.toString();
    }

    /** " (ns1)" for an edge end in a namespace box, "" for one on a bridge (its namespace is in the bridge's label). */
    private String endOf(String nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId) && (n.kind() == Kind.NAMESPACE || n.kind() == Kind.HOST))
                .findFirst().map(n -> " (" + n.label().lines().findFirst().orElse("") + ")").orElse("");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    // ---- Mermaid -------------------------------------------------------------------------

    /** A Mermaid flowchart, for Markdown that renders Mermaid (GitHub, GitLab, many wikis). */
    public String mermaid() {
        StringBuilder s = new StringBuilder("flowchart LR\n");
        for (Node n : nodes) {
            String label = mermaidText(n.label());
            s.append("  ").append(n.id()).append(switch (n.kind()) {
                case HOST -> "[[\"" + label + "\"]]:::host";
                case NAMESPACE -> "[\"" + label + "\"]:::ns";
                case BRIDGE -> "{{\"" + label + "\"}}:::bridge";
                case DEVICE -> "[/\"" + label + "\"/]";
            }).append('\n');
        }
        List<Integer> bad = new ArrayList<>();
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            List<String> parts = new ArrayList<>();
            if (!e.tailLabel().isEmpty()) {
                parts.add(e.tailLabel());
            }
            if (!e.headLabel().isEmpty()) {
                parts.add(e.headLabel());
            }
            String text = String.join(" — ", parts).replace("\n", " ");
            if (e.tunnel()) {
                text = "vxlan: " + text;
            }
            if (e.state() != null) {
                text = text + (text.isEmpty() ? "" : " ") + "[" + e.state() + "]";
                (e.healthy() ? good : bad).add(i);
            }
            String arrow = e.tunnel() ? "-.-" : "---";
            s.append("  ").append(e.from()).append(' ').append(arrow);
            if (!text.isEmpty()) {
                s.append("|\"").append(mermaidText(text)).append("\"|");
            }
            s.append(' ').append(e.to()).append('\n');
        }
        s.append("  classDef host fill:#e0e0e0,stroke:#333,stroke-width:2px\n");
        s.append("  classDef ns fill:#fff8dc,stroke:#333\n");
        s.append("  classDef bridge fill:#cfe8ff,stroke:#336\n");
        if (!good.isEmpty()) {
            s.append("  linkStyle ").append(good.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .append(" stroke:#2e7d32\n");
        }
        if (!bad.isEmpty()) {
            s.append("  linkStyle ").append(bad.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .append(" stroke:#c62828,stroke-dasharray:4\n");
        }
        return s.toString();
    }

    /** Mermaid labels: quotes become #quot;, line breaks {@code <br/>}. */
    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;").replace("\n", "<br/>");
    }
}
