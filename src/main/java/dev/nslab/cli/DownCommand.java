package dev.nslab.cli;

import dev.nslab.api.Nslab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the lab's processes and remove exactly what the lab created, nothing else.")
final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    LabTarget lab;

    @picocli.CommandLine.Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "While another nslab changes the lab, wait up to SECONDS for it (default: ${DEFAULT-VALUE}), then fail.")
    int waitSeconds;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        java.time.Duration wait = LabWait.of(waitSeconds);
        // a lab's name must name a lab that is up; a script's lab may be down already (down is idempotent)
        Nslab.Down done = Nslab.isScript(lab.target) ? Nslab.down(java.nio.file.Paths.get(lab.target), lab.options.load(), wait)
                : new Nslab.Down(lab.target, Nslab.down(lab.target, wait));
        org.slf4j.LoggerFactory.getLogger(DownCommand.class).debug("down: {} ms", (System.nanoTime() - t0) / 1_000_000);
        String name = done.lab();
        int removed = done.removed();
        if (!Options.quiet()) {
            spec.commandLine().getOut().println("lab " + name + ": down, " + dev.nslab.model.Counts.of(removed, "object") + " removed");
        }
        return ExitCodes.OK;
    }
}
