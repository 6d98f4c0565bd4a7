package dev.nslab.cli;

import dev.nslab.apply.Exec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command inside a namespace, as ip netns exec does: its network stack, /sys of it,"
                + " /etc/netns/NS/* bound over /etc; stdin, stdout and stderr passed through.",
                "Exit status: the command's own (128+N when killed by signal N)."})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    Options options;
    @Parameters(index = "0", paramLabel = "NS", description = "the namespace")
    String namespace;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "the command and its arguments (after --)")
    List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        Process p = Exec.start(namespace, command);
        Signals.ignoreTerminalSignals();
        return p.waitFor();
    }
}
