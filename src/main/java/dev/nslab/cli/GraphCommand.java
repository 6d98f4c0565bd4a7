package dev.nslab.cli;

import dev.nslab.graph.Graphviz;
import dev.nslab.graph.LabGraph;
import dev.nslab.live.LiveReader;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"The lab as a picture: namespaces as boxes, bridges as switches, veth pairs as labelled edges.",
                "When the lab is up, each edge shows its live state (green UP, red DOWN or NO-CARRIER).",
                "-o x.svg, x.png, x.dot or x.mmd chooses the format from the name; --format says it outright.",
                "svg and png run Graphviz's dot on this machine (Debian package graphviz)."})
final class GraphCommand implements Callable<Integer> {
    enum Format { dot, mermaid, svg, png }

    @Spec
    CommandSpec spec;
    @Mixin
    LabTarget lab;
    @Option(names = "--format", description = "dot, mermaid, svg or png (default: from -o's name, else dot)")
    Format format;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;
    @Option(names = "--no-state", description = "draw the script alone, even when the lab is up")
    boolean noState;

    @Override
    public Integer call() {
        Topology lab = this.lab.load();
        Map<String, LiveNamespace> live = null;
        if (!noState && dev.nslab.api.Labs.isUp(lab.labName())) {
            live = new HashMap<>();
            List<String> named = LiveReader.namedNamespaces();
            for (Namespace ns : lab.namespaces()) {
                if (ns.isHost() || named.contains(ns.name())) {
                    live.put(ns.name(), LiveReader.read(ns.name()));
                }
            }
        }
        Format chosen = format();
        if (chosen == Format.png && output == null) {
            throw new ParameterException(spec.commandLine(), "--format png writes a binary picture: give -o FILE.png");
        }
        LabGraph graph = LabGraph.of(lab, live);
        byte[] picture = switch (chosen) {
            case dot -> graph.dot().getBytes(StandardCharsets.UTF_8);
            case mermaid -> graph.mermaid().getBytes(StandardCharsets.UTF_8);
            case svg, png -> Graphviz.render(graph.dot(), chosen.name());
        };
        String text = new String(picture, StandardCharsets.UTF_8);
        if (output != null) {
            try {
                Files.write(output, picture);
            } catch (IOException e) {
                throw new UncheckedIOException(output + ": cannot write: " + e.getMessage(), e);
            }
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    /** --format, else the one -o's name says, else dot; a --format that contradicts -o's name is a usage error. */
    private Format format() {
        Format named = output == null ? null : fromName(output.getFileName().toString());
        if (format != null && named != null && format != named) {
            throw new ParameterException(spec.commandLine(), "--format " + format + " contradicts -o " + output
                    + ": that name says " + named + "; drop --format, or name the file ." + extensionOf(format));
        }
        return format != null ? format : named != null ? named : Format.dot;
    }

    private static Format fromName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        return switch (dot < 0 ? "" : lower.substring(dot + 1)) {
            case "svg" -> Format.svg;
            case "png" -> Format.png;
            case "dot", "gv" -> Format.dot;
            case "mmd", "mermaid" -> Format.mermaid;
            default -> null;
        };
    }

    private static String extensionOf(Format f) {
        return f == Format.mermaid ? "mmd" : f.name();
    }
}
