package dev.nslab.cli;

import dev.nslab.api.Labs;
import dev.nslab.live.LiveReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Named namespaces, and which lab owns each.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    OutputFormat format;

    @Override
    public Integer call() {
        Map<String, String> owner = new HashMap<>();
        for (String lab : Labs.up()) {
            Labs.namespacesOf(lab).forEach(ns -> owner.put(ns, lab));
        }
        if (format.json()) {
            OutputFormat.print(spec.commandLine().getOut(), LiveReader.namedNamespaces().stream().map(ns -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("name", ns);
                m.put("lab", owner.get(ns));
                return m;
            }).toList());
            return ExitCodes.OK;
        }
        for (String ns : LiveReader.namedNamespaces()) {
            spec.commandLine().getOut().printf("%-24s %s%n", ns, owner.getOrDefault(ns, "-"));
        }
        return ExitCodes.OK;
    }
}
