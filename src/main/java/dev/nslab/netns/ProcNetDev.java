package dev.nslab.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The links of the calling thread's network namespace by name, as {@code /proc/thread-self/net/dev}
 * lists them: for waiting until links are gone. A netlink dump would list them too, but a dump
 * of a thousand links every few milliseconds slows the kernel's own teardown: measured with
 * star 500, its namespaces were gone about 200 ms after the lab's bridge while nslab polled
 * with dumps (every 5 or every 40 ms alike), and about 40 ms after it with this file, as for the
 * C program, which polls this file too (docs/kernel-facts.md, "Destruction is asynchronous").
 */
public final class ProcNetDev {
    private static final Path HERE = Paths.get("/proc/thread-self/net/dev");

    private ProcNetDev() {
    }

    /**
     * The names of the links in the calling thread's network namespace.
     * <p>Equivalent to: {@code ip -o link show | cut -d: -f2}
     */
    public static List<String> linkNames() {
        List<String> lines;
        try {
            lines = Files.readAllLines(HERE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HERE + ": " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        // Two header lines, then "  NAME: counters..."; a link name holds no ':'.
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon).trim());
            }
        }
        return names;
    }
}
