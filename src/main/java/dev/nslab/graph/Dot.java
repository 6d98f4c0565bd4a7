package dev.nslab.graph;

import dev.nslab.graph.LabGraph.Box;
import dev.nslab.graph.LabGraph.Edge;
import dev.nslab.graph.LabGraph.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link LabGraph} in Graphviz DOT: each namespace a cluster (so its bridges and uplinks are drawn
 * inside its box), each cable's end labelled where it plugs in ({@code taillabel},
 * {@code headlabel}), its live state (when there is one) in the middle.
 */
final class Dot {
    private static final String GREEN = "#2e7d32";
    private static final String RED = "#c62828";

    private Dot() {
    }

    static String render(LabGraph g) {
        StringBuilder s = new StringBuilder();
        s.append("graph ").append(quote(g.lab.labName())).append(" {\n");
        s.append("  graph [rankdir=LR, compound=true, newrank=true, fontname=\"Helvetica\", label=")
                .append(quote("lab " + g.lab.labName())).append(", labelloc=t, nodesep=0.35, ranksep=1.4];\n");
        s.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
        s.append("  edge [fontname=\"Helvetica\", fontsize=9, labelfontsize=9, labeldistance=2.2, labelangle=20];\n");
        for (Box box : g.boxes) {
            s.append("  subgraph ").append("cluster_").append(box.id()).append(" {\n");
            s.append("    label=").append(quote(box.title() + (box.router() ? " (router)" : ""))).append(";\n");
            s.append("    style=\"rounded,filled\"; fillcolor=").append(box.host() ? "\"#eeeeee\"" : "\"#fff8dc\"")
                    .append("; color=").append(box.router() ? "\"#1565c0\"; penwidth=2" : "\"#555555\"")
                    .append(box.host() ? "; penwidth=3" : "").append(";\n");
            for (Node n : g.nodesIn(box.namespace())) {
                s.append("    ").append(n.id()).append(" [label=").append(quote(n.label())).append(", ").append(switch (n.kind()) {
                    case STACK -> box.router() ? "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#e3f2fd\""
                            : "shape=box, style=\"rounded,filled\", fillcolor=white";
                    case BRIDGE -> "shape=hexagon, style=filled, fillcolor=\"#cfe8ff\"";
                    case DEVICE -> "shape=cds, style=filled, fillcolor=\"#f0f0f0\"";
                }).append("];\n");
            }
            s.append("  }\n");
        }
        for (Edge e : g.edges) {
            List<String> attrs = new ArrayList<>();
            if (!e.tail().isEmpty()) {
                attrs.add("taillabel=" + quote(e.tail()));
            }
            if (!e.head().isEmpty()) {
                attrs.add("headlabel=" + quote(e.head()));
            }
            List<String> middle = new ArrayList<>();
            if (!e.middle().isEmpty()) {
                middle.add(e.middle());
            }
            if (e.tunnel()) {
                middle.add("vxlan");
            }
            if (e.state() != null) {
                middle.add(e.state());
            }
            if (!middle.isEmpty()) {
                attrs.add("label=" + quote(String.join("\n", middle)));
            }
            if (e.state() != null) {
                String colour = e.healthy() ? GREEN : RED;
                attrs.add("color=\"" + colour + "\", fontcolor=\"" + colour + "\", labelfontcolor=\"" + colour + "\", penwidth=2"
                        + (e.healthy() ? "" : ", style=dashed"));
            } else if (e.tunnel()) {
                attrs.add("style=dashed");
            }
            if (e.minlen() > 1) {
                attrs.add("minlen=" + e.minlen());
            }
            s.append("  ").append(e.from()).append(" -- ").append(e.to()).append(" [").append(String.join(", ", attrs)).append("];\n");
        }
        s.append("}\n");
        return s.toString();
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
