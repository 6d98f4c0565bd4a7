package dev.nslab.cli;

import dev.nslab.api.Lab;
import dev.nslab.api.Nslab;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Validate, plan and apply a lab; wait until its links are really up, then run its expectations. Running it again changes nothing.")
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ScriptFile script;
    @picocli.CommandLine.Option(names = "--allow-host-devices",
            description = "Let the lab touch devices it did not create (uplink, host parents); refused otherwise.")
    boolean allowHostDevices;

    @picocli.CommandLine.Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "While another nslab changes the lab, wait up to SECONDS for it (default: ${DEFAULT-VALUE}), then fail.")
    int waitSeconds;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Topology lab = script.load();
        org.slf4j.LoggerFactory.getLogger(UpCommand.class).debug("script loaded: {} ms", (System.nanoTime() - t0) / 1_000_000);
        Lab r = Nslab.up(lab, allowHostDevices, LabWait.of(waitSeconds));
        if (!Options.quiet()) {
            var out = spec.commandLine().getOut();
            if (r.applied().isEmpty()) {
                out.println("lab " + lab.labName() + ": up to date, nothing changed");
            } else {
                out.println("lab " + lab.labName() + ": " + dev.nslab.model.Counts.of(r.applied().changes().size(), "change") + " applied with "
                        + dev.nslab.model.Counts.of(r.requests(), "request") + "; " + dev.nslab.model.Counts.of(lab.declaredNamespaces().size(), "namespace") + ", "
                        + dev.nslab.model.Counts.of(lab.links().size(), "link"));
            }
        }
        if (lab.expectations().isEmpty() && r.ready().isEmpty()) {
            return ExitCodes.OK;
        }
        var results = Nslab.check(lab);
        boolean ok = dev.nslab.check.Expectations.allPassed(results);
        if (!Options.quiet() || !ok) {
            ExpectationTable.print(spec.commandLine().getOut(), r.ready(), results);
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
