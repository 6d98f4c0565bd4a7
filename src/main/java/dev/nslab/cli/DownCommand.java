package dev.nslab.cli;

import dev.nslab.apply.Applier;
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

    @picocli.CommandLine.Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "While another nslab changes the lab, wait up to SECONDS for it (default: ${DEFAULT-VALUE}), then fail.")
    int waitSeconds;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        String lab = Scripts.labName(target, scriptOptions);
        org.slf4j.LoggerFactory.getLogger(DownCommand.class).debug("script loaded: {} ms", (System.nanoTime() - t0) / 1_000_000);
        int removed = Applier.down(lab, LabWait.of(waitSeconds));
        if (!options.quiet()) {
            spec.commandLine().getOut().println("lab " + lab + ": down, " + dev.nslab.model.Counts.of(removed, "object") + " removed");
        }
        return ExitCodes.OK;
    }
}
