package dev.nslab.cli;

import dev.nslab.dsl.ScriptRunner;
import dev.nslab.model.Topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Loading a script, or finding a lab by name, for the subcommands. */
final class Scripts {
    private Scripts() {
    }

    static Topology load(String file) {
        Path p = Paths.get(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(file + ": no such script");
        }
        try {
            return new ScriptRunner().load(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A FILE|LAB argument: a script path gives its lab's name, anything else is a lab name. */
    static String labName(String fileOrLab) {
        if (fileOrLab.endsWith(".groovy") || Files.isRegularFile(Paths.get(fileOrLab))) {
            return dev.nslab.apply.Journal.labOfScript(Paths.get(fileOrLab))
                    .orElseGet(() -> load(fileOrLab).labName());
        }
        return fileOrLab;
    }
}
