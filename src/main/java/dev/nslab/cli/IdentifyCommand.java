package dev.nslab.cli;

import dev.nslab.live.ProcessView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "identify", mixinStandardHelpOptions = true,
        description = "Every name of the namespace process PID is in, one a line, or \"unnamed\": ip netns identify PID.")
final class IdentifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..1", paramLabel = "PID", description = "the process; default: nslab's own")
    Integer pid;

    @Override
    public Integer call() {
        int target = pid == null ? (int) ProcessHandle.current().pid() : pid;
        List<String> names = ProcessView.identify(target);
        if (names.isEmpty()) {
            spec.commandLine().getOut().println("unnamed");
        }
        names.forEach(n -> spec.commandLine().getOut().println(n));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
