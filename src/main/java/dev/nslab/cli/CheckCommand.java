package dev.nslab.cli;

import dev.nslab.api.Nslab;
import dev.nslab.check.Expectations;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run the lab's expectations (ping, noPing with nslab's own ICMP echo; connect, noConnect with its own TCP connect) alone; exit 1 when one fails.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ScriptFile script;
    @Mixin
    OutputFormat format;

    @Override
    public Integer call() {
        Topology lab = script.load();
        var out = spec.commandLine().getOut();
        if (format.json()) {
            List<Expectations.Result> results = Nslab.check(lab);
            OutputFormat.print(out, json(lab, results));
            return Expectations.allPassed(results) ? ExitCodes.OK : ExitCodes.FAILED;
        }
        if (lab.expectations().isEmpty()) {
            out.println("lab " + lab.labName() + ": no expectations declared (ping NS to ADDR, noPing NS to ADDR, connect NS to ADDR:PORT, noConnect NS to ADDR:PORT)");
            return ExitCodes.OK;
        }
        List<Expectations.Result> results = Nslab.check(lab);
        boolean ok = Expectations.allPassed(results);
        if (!Options.quiet() || !ok) {
            ExpectationTable.print(out, results);
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The table's columns as JSON: one object an expectation, with its script line. */
    private static Map<String, Object> json(Topology lab, List<Expectations.Result> results) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Expectations.Result r : results) {
            Expectation e = r.expectation();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", e.fromNamespace());
            m.put("to", Addresses.format(e.target()));
            m.put("expect", e.kind() == Expectation.Kind.PING ? "ping" : "noPing");
            m.put("passed", r.passed());
            m.put("rtt_ms", r.echo() != null && r.echo().answered() ? r.echo().rtt().toNanos() / 1e6 : null);
            m.put("file", e.location().file());
            m.put("line", e.location().line());
            m.put("detail", r.passed() ? null : r.detail());
            rows.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", lab.labName());
        m.put("passed", Expectations.allPassed(results));
        m.put("expectations", rows);
        return m;
    }
}
