package dev.nslab.cli;

import dev.nslab.state.Labs;
import dev.nslab.graph.Graphviz;
import dev.nslab.graph.LabGraph;
import dev.nslab.live.LiveReader;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
                "--format svg runs Graphviz's dot on this machine (Debian package graphviz)."})
final class GraphCommand implements Callable<Integer> {
    enum Format { dot, mermaid, svg }

    @Mixin
    Options options;
    @Mixin
    ScriptOptions scriptOptions;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE|LAB", description = "the lab script, or the name of a lab that is up")
    String target;
    @Option(names = "--format", defaultValue = "dot", description = "dot, mermaid or svg (default: ${DEFAULT-VALUE})")
    Format format;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;
    @Option(names = "--no-state", description = "draw the script alone, even when the lab is up")
    boolean noState;

    @Override
    public Integer call() {
        Topology lab = Scripts.loadLab(target, scriptOptions);
        Map<String, LiveNamespace> live = null;
        if (!noState && Labs.labs().contains(lab.labName())) {
            live = new HashMap<>();
            List<String> named = LiveReader.namedNamespaces();
            for (Namespace ns : lab.namespaces()) {
                if (ns.isHost() || named.contains(ns.name())) {
                    live.put(ns.name(), LiveReader.read(ns.name()));
                }
            }
        }
        LabGraph graph = LabGraph.of(lab, live);
        String text = switch (format) {
            case dot -> graph.dot();
            case mermaid -> graph.mermaid();
            case svg -> Graphviz.svg(graph.dot());
        };
        if (output != null) {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(output + ": cannot write: " + e.getMessage(), e);
            }
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
