package dev.nslab.cli;

import dev.nslab.state.Labs;
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
    @Mixin
    Options options;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> owner = new HashMap<>();
        for (String lab : Labs.labs()) {
            Labs.peek(lab).namespaces().forEach(ns -> owner.put(ns, lab));
        }
        for (String ns : LiveReader.namedNamespaces()) {
            spec.commandLine().getOut().printf("%-24s %s%n", ns, owner.getOrDefault(ns, "-"));
        }
        return ExitCodes.OK;
    }
}
