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

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        // a lab's name must name a lab that is up; a script's lab may be down already (down is idempotent)
        Nslab.Down done = Nslab.isScript(lab.target) ? Nslab.down(java.nio.file.Paths.get(lab.target), lab.options.load())
                : new Nslab.Down(lab.target, Nslab.down(lab.target));
        org.slf4j.LoggerFactory.getLogger(DownCommand.class).debug("down: {} ms", (System.nanoTime() - t0) / 1_000_000);
        String name = done.lab();
        int removed = done.removed();
        if (!Options.quiet()) {
            spec.commandLine().getOut().println("lab " + name + ": down, " + removed + " objects removed");
        }
        return ExitCodes.OK;
    }
}
