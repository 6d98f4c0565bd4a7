package dev.nslab.cli;

import dev.nslab.live.ProcessView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "pids", mixinStandardHelpOptions = true,
        description = "Every process with any thread in namespace NS, one PID a line: ip netns pids NS, plus"
                + " processes that have only a thread inside (ip netns pids looks at main threads only).")
final class PidsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NS", description = "the namespace")
    String namespace;

    @Override
    public Integer call() {
        ProcessView.pids(dev.nslab.api.Labs.requireNamespace(namespace)).forEach(pid -> spec.commandLine().getOut().println(pid));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
