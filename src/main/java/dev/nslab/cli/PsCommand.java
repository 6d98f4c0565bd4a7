package dev.nslab.cli;

import dev.nslab.api.Labs;
import dev.nslab.api.Nslab;
import dev.nslab.apply.Spawns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "The processes labs spawned: lab, namespace, name, PID, state (running, sleeping, stopped,"
                + " zombie, gone) and log file.")
final class PsCommand implements Callable<Integer> {
    @Mixin
    ScriptOptions scriptOptions;
    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..1", paramLabel = "FILE|LAB", description = "one lab; default: every lab that is up")
    String target;
    @Mixin
    OutputFormat format;

    @Override
    public Integer call() {
        List<String> labs = target == null ? Labs.up() : List.of(Nslab.labName(target, scriptOptions.load()));
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String lab : labs) {
                for (Spawns.Status s : Spawns.list(lab)) {
                    var t = s.spawn();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("lab", lab);
                    m.put("netns", t.namespace());
                    m.put("name", t.name());
                    m.put("pid", t.pid());
                    m.put("state", String.valueOf(s.state()));
                    m.put("log", String.valueOf(t.log()));
                    rows.add(m);
                }
            }
            OutputFormat.print(out, rows);
            return ExitCodes.OK;
        }
        out.printf("%-16s %-16s %-16s %8s  %-8s %s%n", "LAB", "NS", "NAME", "PID", "STATE", "LOG");
        for (String lab : labs) {
            for (Spawns.Status s : Spawns.list(lab)) {
                var t = s.spawn();
                out.printf("%-16s %-16s %-16s %8d  %-8s %s%n", lab, t.namespace(), t.name(), t.pid(), s.state(), t.log());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
