package dev.nslab.cli;

import dev.nslab.doctor.Doctor;
import dev.nslab.doctor.Finding;
import dev.nslab.doctor.Observer;
import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Find why traffic fails in a lab and say what to do: one finding per line, with the script line it concerns.",
                "Exit 0 and 'healthy' when nothing is wrong, 1 otherwise."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    Options options;
    @Mixin
    ScriptOptions scriptOptions;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE|LAB", description = "the lab script, or the name of a lab that is up")
    String target;

    @Override
    public Integer call() {
        Topology lab = Scripts.loadLab(target, scriptOptions);
        List<Finding> findings = Doctor.diagnose(lab, Observer.observe(lab));
        var out = spec.commandLine().getOut();
        if (findings.isEmpty()) {
            if (!options.quiet()) {
                out.println("lab " + lab.labName() + ": healthy");
            }
            return ExitCodes.OK;
        }
        findings.forEach(f -> f.lines().forEach(out::println));
        return ExitCodes.FAILED;
    }
}
