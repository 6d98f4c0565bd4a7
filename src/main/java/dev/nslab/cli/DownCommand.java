package dev.nslab.cli;

import dev.nslab.api.Nslab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the lab's processes and remove exactly what the lab created, nothing else.")
final class DownCommand implements Callable<Integer> {
    @Mixin
    Options options;
    @Mixin
    ScriptOptions scriptOptions;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE|LAB", description = "the lab script, or the lab's name")
    String target;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        // a lab's name must name a lab that is up; a script's lab may be down already (down is idempotent)
        Nslab.Down done = Nslab.isScript(target) ? Nslab.down(java.nio.file.Paths.get(target), scriptOptions.load())
                : new Nslab.Down(target, Nslab.down(target));
        org.slf4j.LoggerFactory.getLogger(DownCommand.class).debug("down: {} ms", (System.nanoTime() - t0) / 1_000_000);
        String lab = done.lab();
        int removed = done.removed();
        if (!options.quiet()) {
            spec.commandLine().getOut().println("lab " + lab + ": down, " + removed + " objects removed");
        }
        return ExitCodes.OK;
    }
}
