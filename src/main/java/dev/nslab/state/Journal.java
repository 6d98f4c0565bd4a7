package dev.nslab.state;

import dev.nslab.model.Ownership;
import dev.nslab.sys.Fds;
import dev.nslab.sys.SafeFiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a lab made, written down before each step in {@code /run/nslab/LAB/journal}. A run killed
 * half-way leaves a journal that names everything it may have made, so the next {@code up}
 * converges and {@code down} finds it all. A name alone is not proof that the lab made what
 * carries it now: a namespace is the lab's only while its identity is the one recorded
 * ({@link Claims}), a host link only while it carries the lab's mark ({@link Ownership#aliasTag}).
 * <p>
 * Records ({@link JournalRecord}) are appended and forced to storage one batch at a time,
 * through one descriptor held while the lab is locked; a record that announces what was never
 * made is harmless: removal finds nothing and moves on. Only the holder of the lab's
 * {@link LabLock} writes it.
 */
public final class Journal {
    static final String FILE = "journal";
    private final LabDir dir;
    private int appendFd = -1;

    Journal(LabDir dir) {
        this.dir = dir;
    }

    public String lab() {
        return dir.lab();
    }

    /** Appends records and forces them to storage before the step they announce is taken. */
    public synchronized void record(List<? extends JournalRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        if (appendFd < 0) {
            appendFd = dir.openForAppend(FILE);
        }
        StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(r.line()).append('\n'));
        SafeFiles.append(appendFd, text.toString());
        SafeFiles.fsync(appendFd);
    }

    public void record(JournalRecord record) {
        record(List.of(record));
    }

    public List<JournalRecord> records() {
        return parse(dir.read(FILE));
    }

    /** What the journal claims (names only; see {@link #claims()} for what is really the lab's). */
    public Ownership ownership() {
        return ownership(lab(), records());
    }

    /** The journal's claims checked against what exists now. */
    public Claims claims() {
        return Claims.check(lab(), records());
    }

    /** The uplinks the lab changed and has not given back yet, with how they were. */
    public List<UplinkOrigin> uplinks() {
        Map<String, UplinkOrigin> byName = new LinkedHashMap<>();
        for (JournalRecord r : records()) {
            if (r instanceof JournalRecord.Uplink u) {
                byName.putIfAbsent(u.origin().name(), u.origin()); // the first record is the state before the lab
            } else if (r instanceof JournalRecord.UplinkGivenBack g) {
                byName.remove(g.name());
            }
        }
        return List.copyOf(byName.values());
    }

    /** The records that say which script (and parameter values) the lab was brought up from. */
    public static List<JournalRecord> scriptRecords(String script, Map<String, String> parameters) {
        List<JournalRecord> out = new ArrayList<>();
        out.add(new JournalRecord.Script(script));
        parameters.forEach((name, value) -> out.add(new JournalRecord.Param(name, value)));
        return out;
    }

    public boolean exists() {
        return dir.exists(FILE);
    }

    /** Removes the journal: the lab is gone. */
    public synchronized void delete() {
        closeFd();
        dir.remove(FILE);
    }

    synchronized void closeFd() {
        Fds.closeQuietly(appendFd);
        appendFd = -1;
    }

    static List<JournalRecord> parse(String text) {
        List<JournalRecord> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(JournalRecord.parse(line));
            }
        }
        return out;
    }

    static Ownership ownership(String lab, List<JournalRecord> records) {
        Set<String> ns = new LinkedHashSet<>();
        Set<String> links = new LinkedHashSet<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.Namespace n) {
                ns.add(n.name());
            } else if (r instanceof JournalRecord.ForgetNamespace n) {
                ns.remove(n.name());
            } else if (r instanceof JournalRecord.Link l) {
                links.add(l.name());
            } else if (r instanceof JournalRecord.ForgetLink l) {
                links.remove(l.name());
            }
        }
        return new Ownership(lab, ns, links);
    }

    /** The identity recorded for each namespace the lab made and has not let go of since. */
    static Map<String, JournalRecord.NamespaceMade> made(List<JournalRecord> records) {
        Map<String, JournalRecord.NamespaceMade> made = new LinkedHashMap<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.NamespaceMade m) {
                made.put(m.name(), m);
            } else if (r instanceof JournalRecord.ForgetNamespace n) {
                made.remove(n.name());
            } else if (r instanceof JournalRecord.Namespace n) {
                made.remove(n.name()); // announced anew: made anew, or not at all
            }
        }
        return made;
    }

    static Map<String, String> parametersOf(List<JournalRecord> records) {
        Map<String, String> values = new TreeMap<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.Script) {
                values.clear();
            } else if (r instanceof JournalRecord.Param p) {
                values.put(p.name(), p.value());
            }
        }
        return values;
    }

    static String scriptOf(List<JournalRecord> records) {
        String script = null;
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.Script s) {
                script = s.path();
            }
        }
        return script;
    }

    public String scriptOf() {
        return scriptOf(records());
    }

    public Map<String, String> parametersOf() {
        return parametersOf(records());
    }
}
