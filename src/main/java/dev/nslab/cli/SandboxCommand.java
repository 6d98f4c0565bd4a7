package dev.nslab.cli;

import dev.nslab.api.Lab;
import dev.nslab.api.Nslab;
import dev.nslab.model.Namespace;
import dev.nslab.model.Topology;
import dev.nslab.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Bring a lab up inside a private world (its own root network namespace, /run/netns and"
                + " PID namespace), run CMD there (default: a shell), and leave nothing behind when it ends,"
                + " even after kill -9. The machine's own interfaces are invisible inside.",
                "Example: nslab sandbox --stand-in eth0 dsl-examples/seed-bridge.netns.groovy -- ip -br link"})
final class SandboxCommand implements Callable<Integer>, RunsACommand {
    @Spec
    CommandSpec spec;
    @Option(names = "--stand-in", paramLabel = "NAME[=CIDR]",
            description = "Inside, make a veth called NAME (peer sb-NAME) with CIDR on it (default 192.0.2.N/24),"
                    + " standing in for a machine device the lab uses, e.g. --stand-in eth0. Repeatable.")
    List<String> standIns = new ArrayList<>();
    @Option(names = "--inside", hidden = true, description = "(internal) this process is the sandbox's first process")
    boolean inside;
    @Mixin
    ScriptFile script;
    @Parameters(index = "1..*", paramLabel = "CMD", description = "the command to run inside and its arguments (its options need no -- before them); default: $SHELL, else /bin/sh")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Sandbox.StandIn> parsed = new ArrayList<>();
        for (int i = 0; i < standIns.size(); i++) {
            parsed.add(Sandbox.parseStandIn(standIns.get(i), i));
        }
        Topology lab = script.load();
        return inside ? inside(lab, parsed) : outside();
    }

    /** Starts this command again, as the first process of a fresh sandbox, and waits for it. */
    private int outside() throws IOException, InterruptedException {
        List<String> inner = new ArrayList<>();
        inner.add(ProcessHandle.current().info().command().orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        inner.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sandbox", "--inside"));
        if (Options.verbose()) {
            inner.add("-v");
        }
        if (Options.quiet()) {
            inner.add("-q");
        }
        standIns.forEach(s -> inner.add("--stand-in=" + s));
        inner.addAll(script.options.arguments());
        inner.add(script.path().toAbsolutePath().toString());
        inner.add("--");
        inner.addAll(RunsACommand.withoutSeparator(command));
        Process p = new ProcessBuilder(Sandbox.launcher(inner)).inheritIO().start();
        return p.waitFor();
    }

    /** The sandbox's first process: prepare, stand-ins, up, run the command, down. */
    private int inside(Topology lab, List<Sandbox.StandIn> parsed) throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Sandbox.prepareInside();
        for (Sandbox.StandIn s : parsed) {
            Sandbox.standIn(s.name(), s.address());
        }
        // Every device in here is the sandbox's own (the machine's are invisible), so the lab may
        // use them: that is what stand-ins are for.
        Lab r = Nslab.up(lab, true);
        List<String> command = RunsACommand.withoutSeparator(this.command);
        List<String> cmd = command.isEmpty() ? List.of(System.getenv().getOrDefault("SHELL", "/bin/sh")) : command;
        if (!Options.quiet()) {
            err.println("nslab sandbox: lab " + lab.labName() + " is up (" + dev.nslab.model.Counts.of(r.applied().changes().size(), "change") + "; namespaces "
                    + String.join(", ", lab.declaredNamespaces().stream().map(Namespace::name).toList())
                    + (parsed.isEmpty() ? "" : "; stand-ins " + parsed.stream().map(Object::toString).toList()) + ")."
                    + " Running " + String.join(" ", cmd) + "; when it ends, the sandbox and everything in it are gone.");
            err.flush();
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(Sandbox.ENV, lab.labName());
        int status = pb.start().waitFor();
        r.close();
        return status;
    }
}
