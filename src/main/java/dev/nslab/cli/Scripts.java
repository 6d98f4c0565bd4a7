package dev.nslab.cli;

import dev.nslab.dsl.CompiledScriptCache;
import dev.nslab.dsl.ScriptRunner;
import dev.nslab.model.Topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Loading a script, or finding a lab by name, for the subcommands. */
final class Scripts {
    /** Compiled scripts kept for the next run (see {@link CompiledScriptCache}); null when turned off. */
    private static final CompiledScriptCache DISK_CACHE = CompiledScriptCache.fromEnvironment();

    private Scripts() {
    }

    /**
     * Loads a script, after {@link ScriptTrust#require checking} that no one but its owner and
     * root could have changed it (a script is code, and nslab runs it as root).
     */
    static Topology load(String file, ScriptOptions options) {
        Path p = Paths.get(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(file + ": no such script");
        }
        options.trust.require(p);
        try {
            return new ScriptRunner(DISK_CACHE, options.limits()).load(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A FILE|LAB argument as a topology: a script is loaded; a lab's name loads the script it was
     * last brought up from (recorded in its journal).
     */
    static Topology loadLab(String fileOrLab, ScriptOptions options) {
        if (fileOrLab.endsWith(".groovy") || Files.isRegularFile(Paths.get(fileOrLab))) {
            return load(fileOrLab, options);
        }
        String script = dev.nslab.apply.Journal.scriptOf(fileOrLab);
        if (script == null) {
            throw new IllegalArgumentException(fileOrLab + ": no such script, and no lab of that name is up"
                    + " (nslab list shows the labs)");
        }
        if (!Files.isRegularFile(Paths.get(script))) {
            throw new IllegalArgumentException("lab " + fileOrLab + " was brought up from " + script
                    + ", which is no longer there: name the script instead");
        }
        return load(script, options);
    }

    /** A FILE|LAB argument: a script path gives its lab's name, anything else is a lab name. */
    static String labName(String fileOrLab, ScriptOptions options) {
        if (fileOrLab.endsWith(".groovy") || Files.isRegularFile(Paths.get(fileOrLab))) {
            return dev.nslab.apply.Journal.labOfScript(Paths.get(fileOrLab))
                    .orElseGet(() -> load(fileOrLab, options).labName());
        }
        return fileOrLab;
    }
}
