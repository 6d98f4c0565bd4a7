package dev.nslab.state;

/**
 * One line of a lab's journal, typed; the only place that writes a line ({@link #line()}) and
 * reads one back ({@link #parse}). A record announces what a step may make before the step is
 * taken; a {@code Forget...} record takes one back.
 */
public sealed interface JournalRecord {
    /** The line as it stands in the journal (no newline). */
    String line();

    /** The script the lab was brought up from (absolute path): {@code script PATH}. */
    record Script(String path) implements JournalRecord {
        public String line() {
            return "script " + path;
        }
    }

    /** A parameter value given with {@code -P}, after its script line: {@code param NAME=VALUE}. */
    record Param(String name, String value) implements JournalRecord {
        public String line() {
            return "param " + name + "=" + value;
        }
    }

    /** A namespace the next step may make: {@code ns NAME}. Not proof that the lab made it (see {@link NamespaceMade}). */
    record Namespace(String name) implements JournalRecord {
        public String line() {
            return "ns " + name;
        }
    }

    /**
     * The identity of a namespace the lab made, written after it was unshared and before it was
     * bound under /run/netns: {@code ns-made NAME DEV INO} (its nsfs device and inode). Only a
     * namespace whose name still leads to this identity is the lab's.
     */
    record NamespaceMade(String name, long dev, long ino) implements JournalRecord {
        public String line() {
            return "ns-made " + name + " " + dev + " " + ino;
        }
    }

    /** {@code -ns NAME}: the namespace is no longer the lab's. */
    record ForgetNamespace(String name) implements JournalRecord {
        public String line() {
            return "-ns " + name;
        }
    }

    /** A link the next step may make in the host: {@code link NAME}. The link itself carries the lab's mark (its alias). */
    record Link(String name) implements JournalRecord {
        public String line() {
            return "link " + name;
        }
    }

    /** {@code -link NAME}. */
    record ForgetLink(String name) implements JournalRecord {
        public String line() {
            return "-link " + name;
        }
    }

    /** An uplink as it was before the lab first changed it. */
    record Uplink(UplinkOrigin origin) implements JournalRecord {
        public String line() {
            return origin.toJournalLine();
        }
    }

    /** {@code -uplink NAME}: the uplink was given back. */
    record UplinkGivenBack(String name) implements JournalRecord {
        public String line() {
            return "-uplink " + name;
        }
    }

    /** A line this version does not know (kept, ignored). */
    record Unknown(String line) implements JournalRecord {
    }

    /** The record a journal line stands for. */
    static JournalRecord parse(String line) {
        try {
            if (line.startsWith("script ")) {
                return new Script(line.substring(7));
            }
            if (line.startsWith("param ") && line.indexOf('=') > 6) {
                return new Param(line.substring(6, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
            if (line.startsWith("ns ")) {
                return new Namespace(line.substring(3));
            }
            if (line.startsWith("ns-made ")) {
                String[] f = line.split(" ");
                if (f.length == 4) {
                    return new NamespaceMade(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
                }
            }
            if (line.startsWith("-ns ")) {
                return new ForgetNamespace(line.substring(4));
            }
            if (line.startsWith("link ")) {
                return new Link(line.substring(5));
            }
            if (line.startsWith("-link ")) {
                return new ForgetLink(line.substring(6));
            }
            if (line.startsWith("uplink\t")) {
                return new Uplink(UplinkOrigin.parse(line));
            }
            if (line.startsWith("-uplink ")) {
                return new UplinkGivenBack(line.substring(8));
            }
        } catch (RuntimeException malformed) {
            // a damaged line claims nothing
        }
        return new Unknown(line);
    }
}
