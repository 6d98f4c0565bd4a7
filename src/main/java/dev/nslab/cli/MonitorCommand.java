package dev.nslab.cli;

import dev.nslab.live.Monitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Named namespaces as they are added and deleted (add NAME, delete NAME), as ip netns monitor.",
                "With --all, also the link, address and route events of every named namespace, each line tagged [NS];"
                        + " lost events (ENOBUFS) are reported and the state read again. Ctrl-C ends it."})
final class MonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--all", description = "Also link, address and route events of every named namespace.")
    boolean all;

    private volatile boolean stop;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Signals.onStop(() -> stop = true);
        try (Monitor m = new Monitor(all, Monitor.defaultReceiveBuffer(), line -> {
            out.println(line);
            out.flush();
        })) {
            m.run(() -> stop);
        }
        return ExitCodes.OK;
    }
}
