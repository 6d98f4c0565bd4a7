package dev.nslab.cli;

import dev.nslab.api.Nslab;
import dev.nslab.model.Topology;
import dev.nslab.plan.Change;
import dev.nslab.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print what 'up' would do, as 'ip -batch' lines; change nothing.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ScriptFile script;
    @picocli.CommandLine.Option(names = "--allow-host-devices",
            description = "Let the lab touch devices it did not create (uplink, host parents); refused otherwise.")
    boolean allowHostDevices;
    @Option(names = "--explain", description = "Follow each command with what it does and why.")
    boolean explain;

    @Override
    public Integer call() {
        Topology lab = script.load();
        Plan plan = Nslab.plan(lab, allowHostDevices);
        PrintWriter out = spec.commandLine().getOut();
        for (Change c : plan.changes()) {
            out.println(c.command());
            if (explain) {
                out.println("    # " + (c.location() == null ? "" : c.location() + ": ") + c.explanation());
            }
        }
        out.println("# " + (plan.isEmpty() ? "lab " + lab.labName() + " is up to date: nothing to do"
                : plan.changes().size() + " changes for lab " + lab.labName()));
        return ExitCodes.OK;
    }
}
