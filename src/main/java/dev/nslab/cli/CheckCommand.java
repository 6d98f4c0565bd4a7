package dev.nslab.cli;

import dev.nslab.api.Nslab;
import dev.nslab.check.Expectations;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run the lab's expectations (ping, noPing) alone, with nslab's own ICMP echo; exit 1 when one fails.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ScriptFile script;

    @Override
    public Integer call() {
        Topology lab = script.load();
        var out = spec.commandLine().getOut();
        if (lab.expectations().isEmpty()) {
            out.println("lab " + lab.labName() + ": no expectations declared (ping NS to ADDR, noPing NS to ADDR)");
            return ExitCodes.OK;
        }
        List<Expectations.Result> results = Nslab.check(lab);
        boolean ok = Expectations.allPassed(results);
        if (!Options.quiet() || !ok) {
            ExpectationTable.print(out, results);
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
