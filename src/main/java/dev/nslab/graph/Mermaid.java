package dev.nslab.graph;

import dev.nslab.graph.LabGraph.Box;
import dev.nslab.graph.LabGraph.Edge;
import dev.nslab.graph.LabGraph.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link LabGraph} as a Mermaid flowchart: each namespace a subgraph holding its stack, bridges
 * and uplinks. Mermaid has no labels at a cable's ends, so a cable's text reads from its first
 * end to its second: {@code eth0 10.0.0.1/24 — eth0 10.0.0.2/24}.
 */
final class Mermaid {
    private Mermaid() {
    }

    static String render(LabGraph g) {
        StringBuilder s = new StringBuilder("flowchart LR\n");
        for (Box box : g.boxes) {
            s.append("  subgraph box_").append(box.id()).append("[\"").append(text(box.title() + (box.router() ? " (router)" : "")))
                    .append("\"]\n");
            for (Node n : g.nodesIn(box.namespace())) {
                String label = text(n.label());
                s.append("    ").append(n.id()).append(switch (n.kind()) {
                    case STACK -> box.host() ? "[[\"" + label + "\"]]:::host" : "[\"" + label + "\"]:::" + (box.router() ? "router" : "ns");
                    case BRIDGE -> "{{\"" + label + "\"}}:::bridge";
                    case DEVICE -> "[/\"" + label + "\"/]";
                }).append('\n');
            }
            s.append("  end\n");
        }
        List<Integer> bad = new ArrayList<>();
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < g.edges.size(); i++) {
            Edge e = g.edges.get(i);
            List<String> parts = new ArrayList<>();
            if (!e.tail().isEmpty()) {
                parts.add(e.tail());
            }
            if (!e.middle().isEmpty()) {
                parts.add(e.middle());
            }
            if (!e.head().isEmpty()) {
                parts.add(e.head());
            }
            String label = String.join(" — ", parts).replace("\n", " ");
            if (e.tunnel()) {
                label = "vxlan: " + label;
            }
            if (e.state() != null) {
                label = label + (label.isEmpty() ? "" : " ") + "[" + e.state() + "]";
                (e.healthy() ? good : bad).add(i);
            }
            s.append("  ").append(e.from()).append(' ').append(e.tunnel() ? "-.-" : "---");
            if (!label.isEmpty()) {
                s.append("|\"").append(text(label)).append("\"|");
            }
            s.append(' ').append(e.to()).append('\n');
        }
        s.append("  classDef host fill:#eeeeee,stroke:#333,stroke-width:2px\n");
        s.append("  classDef ns fill:#ffffff,stroke:#333\n");
        s.append("  classDef router fill:#e3f2fd,stroke:#1565c0,stroke-width:2px\n");
        s.append("  classDef bridge fill:#cfe8ff,stroke:#336\n");
        if (!good.isEmpty()) {
            s.append("  linkStyle ").append(good.stream().map(String::valueOf).collect(Collectors.joining(","))).append(" stroke:#2e7d32\n");
        }
        if (!bad.isEmpty()) {
            s.append("  linkStyle ").append(bad.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .append(" stroke:#c62828,stroke-dasharray:4\n");
        }
        return s.toString();
    }

    /** Mermaid labels: quotes become #quot;, line breaks {@code <br/>}. */
    private static String text(String text) {
        return text.replace("\"", "#quot;").replace("\n", "<br/>");
    }
}
