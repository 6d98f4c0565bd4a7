package dev.nslab.cli;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The systemd unit that brings a lab up at boot (namespaces live in memory and vanish at reboot)
 * and takes it down at shutdown: a oneshot service that remains active after {@code up}, ordered
 * after {@code network-pre.target}. Pure text; see {@link UnitCommand}.
 */
final class SystemdUnit {
    private SystemdUnit() {
    }

    /** {@code nslab-LAB.service} */
    static String fileName(String lab) {
        return "nslab-" + lab + ".service";
    }

    /**
     * @param lab    the lab's name
     * @param script the script's absolute path
     * @param nslab  the command that runs nslab, e.g. {@code [/usr/bin/java, -jar, /opt/nslab/nslab.jar]}
     * @param upOptions the script's options for {@code up}: {@code -P NAME=VALUE}, {@code --trust}...
     */
    static String render(String lab, String script, List<String> nslab, List<String> upOptions) {
        String dir = script.substring(0, Math.max(1, script.lastIndexOf('/')));
        return "# Written by 'nslab unit': brings lab " + lab + " up at boot, down at shutdown.\n"
                + unit("nslab lab " + lab, quote(dir), line(nslab, "up", upOptions, quote(script)),
                line(nslab, "down", List.of(), quote(lab)));
    }

    /**
     * The template {@code nslab@.service} of the .deb: {@code systemctl enable --now nslab@NAME}
     * runs {@code up /etc/nslab/NAME.netns.groovy} (systemd puts NAME where {@code %i} is).
     */
    static String template(List<String> nslab) {
        String script = TEMPLATE_DIRECTORY + "/%i.netns.groovy";
        return "# nslab@NAME.service: lab /etc/nslab/NAME.netns.groovy up at boot, down at shutdown.\n"
                + "# systemctl enable --now nslab@NAME (after writing the script; see nslab-unit(1)).\n"
                + unit("nslab lab %i", TEMPLATE_DIRECTORY, line(nslab, "up", List.of(), script),
                line(nslab, "down", List.of(), script));
    }

    /**
     * The .deb's {@code nslab-daemon.service}: a warm daemon for root's commands in /root (where
     * root's shells start) from boot on, so that the first command after boot costs what its work
     * costs. systemd's file-system sandboxing (ProtectSystem, PrivateTmp, ProtectHome,
     * ProtectKernel*, ReadOnlyPaths...) would give the service a mount namespace of its own, and a
     * daemon serves only clients in its own (docs/daemon.md): it would decline every command. So
     * the hardening is what keeps that namespace: no realtime, no personality changes, native
     * system calls only, a fixed umask. Restarted when it retires (a new jar after an upgrade, a
     * script that left threads running).
     */
    static String daemonService(List<String> nslab) {
        return "# nslab-daemon.service: a warm nslab daemon for root's commands in /root, from boot on.\n"
                + "# Other directories get a daemon of their own after their first command (docs/daemon.md).\n"
                + "# systemctl disable --now nslab-daemon: none before the first command.\n"
                + "[Unit]\n"
                + "Description=nslab daemon for root's commands in /root\n"
                + "Documentation=man:nslab-daemon-start(1)\n"
                + "After=local-fs.target\n"
                + "\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "WorkingDirectory=/root\n"
                + "ExecStart=" + nslab.stream().map(SystemdUnit::quote).collect(Collectors.joining(" "))
                + " daemon start --foreground --idle 0\n"
                + "Restart=always\n"
                + "RestartSec=1\n"
                + "UMask=0022\n"
                + "LockPersonality=yes\n"
                + "RestrictRealtime=yes\n"
                + "SystemCallArchitectures=native\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    /** Where the template's scripts are. */
    static final String TEMPLATE_DIRECTORY = "/etc/nslab";

    private static String unit(String description, String mountsFor, String start, String stop) {
        return "[Unit]\n"
                + "Description=" + description + "\n"
                + "After=network-pre.target\n"
                + "RequiresMountsFor=" + mountsFor + "\n"
                + "\n"
                + "[Service]\n"
                + "Type=oneshot\n"
                + "RemainAfterExit=yes\n"
                + "ExecStart=" + start + "\n"
                + "ExecStop=" + stop + "\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    /** The command line: nslab's words and the options quoted, then the verb's (already quoted) argument. */
    private static String line(List<String> nslab, String verb, List<String> options, String quotedArg) {
        return nslab.stream().map(SystemdUnit::quote).collect(Collectors.joining(" ")) + " " + verb + " "
                + options.stream().map(o -> quote(o) + " ").collect(Collectors.joining()) + quotedArg;
    }

    /**
     * One word of a command line as systemd reads it (systemd.service "Command lines"): double
     * quotes around words with blanks or quotes, backslash escapes inside; {@code %} and
     * {@code $} doubled, as specifier and variable expansion would take them.
     */
    static String quote(String word) {
        String s = word.replace("%", "%%").replace("$", "$$");
        if (s.isEmpty() || s.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\' || c == ';')) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return s;
    }
}
