package dev.nslab.cli;

import dev.nslab.apply.Exec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command inside a namespace, as ip netns exec does: its network stack, /sys of it,"
                + " /etc/netns/NS/* bound over /etc; stdin, stdout and stderr passed through.",
                "Its options need no -- before them: nslab exec h1 ping -c1 10.0.0.2."})
final class ExecCommand implements Callable<Integer>, RunsACommand {
    @Parameters(index = "0", paramLabel = "NS", description = "the namespace")
    String namespace;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "the command and its arguments (its options need no -- before them)")
    List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        Process p = Exec.start(namespace, RunsACommand.withoutSeparator(command));
        Signals.ignoreTerminalSignals();
        return p.waitFor();
    }
}
