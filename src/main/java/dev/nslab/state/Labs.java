package dev.nslab.state;

import dev.nslab.model.Ownership;
import dev.nslab.sys.SafeFiles;
import dev.nslab.sys.Fds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The labs that are up on this machine: one directory each under the state root
 * ({@code /run/nslab}, a tmpfs that vanishes at reboot like the namespaces), holding the lab's
 * {@link Journal}, its {@link LabLock} and its spawns' records and logs. Read here without the
 * lock (for list, show, ps, plan); changed only under it.
 */
public final class Labs {
    /** The state root; {@code -Dnslab.state=DIR} moves it (tests). */
    public static final String ROOT = System.getProperty("nslab.state", "/run/nslab");

    private Labs() {
    }

    /** The state root, opened (made 0755 when {@code create}); -1 when it does not exist. */
    static int openRoot(boolean create) {
        return SafeFiles.openDirectory(ROOT, LabDir.DIR_MODE, create);
    }

    /** The labs that have a journal, i.e. that were brought up and not yet taken down. */
    public static List<String> labs() {
        int root = openRoot(false);
        if (root < 0) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (String name : SafeFiles.list(root)) {
                SafeFiles.Stat dir = SafeFiles.statAt(root, name);
                if (dir != null && dir.isDirectory()) {
                    try (LabDir d = LabDir.open(name, false)) {
                        if (d != null && d.exists(Journal.FILE)) {
                            out.add(name);
                        }
                    }
                }
            }
            return out;
        } finally {
            Fds.closeQuietly(root);
        }
    }

    /** A lab's journal records, read without taking its lock; none when it has no journal. */
    public static List<JournalRecord> records(String lab) {
        if (!LabDir.isName(lab)) {
            return List.of(); // a script's path, asked whether it is a lab
        }
        try (LabDir d = LabDir.open(lab, false)) {
            return d == null ? List.of() : Journal.parse(d.read(Journal.FILE));
        }
    }

    /** What a lab's journal claims, read without taking its lock (for list and show). */
    public static Ownership peek(String lab) {
        return Journal.ownership(lab, records(lab));
    }

    /**
     * What a lab made and still has, read without taking its lock: the journal's claims checked
     * against what exists now ({@link Claims}).
     */
    public static Claims claims(String lab) {
        return Claims.check(lab, records(lab));
    }

    /**
     * The labs last brought up from {@code script}: lets {@code down FILE} find its lab without
     * compiling and running the script again. More than one when its parameters name the lab.
     */
    public static List<String> labsOfScript(Path script) {
        String wanted = script.toAbsolutePath().normalize().toString();
        return labs().stream().filter(l -> wanted.equals(scriptOf(l))).toList();
    }

    /** The parameter values the lab was last brought up with ({@code -P}), from the lines after its last script line. */
    public static Map<String, String> parametersOf(String lab) {
        return Journal.parametersOf(records(lab));
    }

    /** The script a lab was last brought up from (absolute path), if recorded. */
    public static String scriptOf(String lab) {
        return Journal.scriptOf(records(lab));
    }
}
