package dev.nslab.cli;

import dev.nslab.apply.NamespaceRemover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete named namespaces so that nothing is lost: stop every process with a thread inside"
                + " (TERM, then KILL), remove the name, then wait until the namespace is really destroyed.",
                "Exit status 1, naming the holder, when another process still holds it (an open fd, a mount copy,"
                        + " a socket)."})
final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "1..*", paramLabel = "NS", description = "the namespaces")
    List<String> namespaces;

    @Override
    public Integer call() {
        namespaces.forEach(dev.nslab.api.Labs::requireNamespace); // all checked before any is deleted
        for (String ns : namespaces) {
            int stopped = NamespaceRemover.remove(ns);
            if (!Options.quiet()) {
                spec.commandLine().getOut().println("namespace " + ns + ": deleted, " + dev.nslab.model.Counts.of(stopped, "process") + " stopped");
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
