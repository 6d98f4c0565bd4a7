package dev.nslab.cli;

import dev.nslab.model.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "unit", mixinStandardHelpOptions = true,
        description = {"Write a systemd unit that brings the lab up at boot and down at shutdown (namespaces vanish"
                + " at reboot): oneshot, RemainAfterExit, after network-pre.target. To stdout, or --install.",
                "Then: systemctl daemon-reload && systemctl enable --now nslab-LAB.service"})
final class UnitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ScriptFile script;
    @Option(names = "--install", description = "Write nslab-LAB.service into --dir instead of printing it.")
    boolean install;
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/etc/systemd/system",
            description = "Where --install writes the unit (default: ${DEFAULT-VALUE}).")
    Path dir;
    @Option(names = "--nslab", paramLabel = "COMMAND",
            description = "How the unit runs nslab, e.g. /usr/local/bin/nslab (default: " + INSTALLED
                    + " where the package installed it, else this Java and this jar).")
    String nslab;

    @Override
    public Integer call() throws IOException {
        Topology lab = script.load();
        String path = script.path().toAbsolutePath().normalize().toString();
        String text = SystemdUnit.render(lab.labName(), path, nslab == null ? thisNslab(Paths.get(INSTALLED)) : List.of(nslab),
                script.options.arguments());
        if (!install) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Path unit = dir.resolve(SystemdUnit.fileName(lab.labName()));
        Files.createDirectories(dir);
        Files.writeString(unit, text, StandardCharsets.UTF_8);
        if (!Options.quiet()) {
            spec.commandLine().getOut().println("wrote " + unit + "; enable it with: systemctl daemon-reload && systemctl enable --now "
                    + SystemdUnit.fileName(lab.labName()));
        }
        return ExitCodes.OK;
    }

    /** The launcher the .deb installs. */
    static final String INSTALLED = "/usr/bin/nslab";

    /**
     * The installed launcher when there is one (a unit outlives build trees and JDK updates;
     * the launcher keeps the fast-start flags), else this JVM and this jar (its manifest names
     * the libraries), or this JVM and this class path.
     */
    static List<String> thisNslab(Path installed) {
        if (Files.isRegularFile(installed) && Files.isExecutable(installed)) {
            return List.of(installed.toString());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        try {
            Path code = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
                cmd.addAll(List.of("-jar", code.toAbsolutePath().toString()));
                return cmd;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source to name: fall back to the class path
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }
}
