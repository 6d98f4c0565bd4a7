package dev.nslab.cli;

import dev.nslab.doctor.Doctor;
import dev.nslab.doctor.Finding;
import dev.nslab.doctor.Observer;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Find why traffic fails in a lab and say what to do: one finding per line, with the script line it concerns.",
                "Exit 0 and 'healthy' when nothing is wrong, 1 otherwise."})
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    LabTarget lab;
    @Mixin
    OutputFormat format;

    @Override
    public Integer call() {
        Topology lab = this.lab.load();
        List<Finding> findings = Doctor.diagnose(lab, Observer.observe(lab));
        var out = spec.commandLine().getOut();
        if (format.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lab", lab.labName());
            m.put("healthy", findings.isEmpty());
            m.put("findings", findings.stream().map(DoctorCommand::json).toList());
            OutputFormat.print(out, m);
            return findings.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        if (findings.isEmpty()) {
            if (!Options.quiet()) {
                out.println("lab " + lab.labName() + ": healthy");
            }
            return ExitCodes.OK;
        }
        findings.forEach(out::println);
        return ExitCodes.FAILED;
    }

    private static Map<String, Object> json(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.location().file());
        m.put("line", f.location().line());
        m.put("subject", f.subject());
        m.put("problem", f.problem());
        m.put("advice", f.advice());
        m.put("message", f.message());
        return m;
    }
}
