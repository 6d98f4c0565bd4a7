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
        description = "Print what 'up' would do, as 'ip -batch' lines, then the shaping as 'tc -batch' lines"
                + " per namespace; change nothing.")
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
        java.util.Map<String, java.util.List<Change>> tc = new java.util.LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (c instanceof Change.QdiscChange) {
                tc.computeIfAbsent(c.namespace(), ns -> new java.util.ArrayList<>()).add(c);
            } else {
                print(out, c);
            }
        }
        // tc -batch has no per-line namespace (ip's netns exec): one block per namespace, after the
        // links are up, as up does it.
        for (var e : tc.entrySet()) {
            out.println("# tc" + (dev.nslab.model.Namespace.isHost(e.getKey()) ? "" : " -n " + e.getKey()) + " -batch -");
            e.getValue().forEach(c -> print(out, c));
        }
        out.println("# " + (plan.isEmpty() ? "lab " + lab.labName() + " is up to date: nothing to do"
                : dev.nslab.model.Counts.of(plan.changes().size(), "change") + " for lab " + lab.labName()));
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, Change c) {
        out.println(dev.nslab.plan.IpText.batchLine(c));
        if (explain) {
            out.println("    # " + (c.location() == null ? "" : c.location() + ": ") + c.explanation());
        }
    }
}
