package dev.nslab.cli;

import dev.nslab.dsl.CompiledScriptCache;
import dev.nslab.dsl.ScriptRunner;
import dev.nslab.state.Labs;
import dev.nslab.model.Topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** Loading a script, or finding a lab by name, for the subcommands. */
final class Scripts {
    /** Compiled scripts kept for the next run (see {@link CompiledScriptCache}); null when turned off. */
    private static final CompiledScriptCache DISK_CACHE = CompiledScriptCache.fromEnvironment();

    private Scripts() {
    }

    /**
     * Loads a script with the values {@code -P} gives, after {@link ScriptTrust#require checking}
     * that no one but its owner and root could have changed it (a script is code, and nslab runs
     * it as root).
     */
    static Topology load(String file, ScriptOptions options) {
        return load(file, options, options.parameters());
    }

    private static Topology load(String file, ScriptOptions options, Map<String, String> parameters) {
        Path p = Paths.get(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(file + ": no such script");
        }
        options.trust.require(p);
        try {
            return new ScriptRunner(DISK_CACHE, options.limits()).load(p, parameters);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A FILE|LAB argument as a topology: a script is loaded; a lab's name loads the script it was
     * last brought up from (recorded in its journal), with the parameter values it was brought up with.
     */
    static Topology loadLab(String fileOrLab, ScriptOptions options) {
        if (isScript(fileOrLab)) {
            return load(fileOrLab, options);
        }
        String script = Labs.scriptOf(fileOrLab);
        if (script == null) {
            throw new IllegalArgumentException(fileOrLab + ": no such script, and no lab of that name is up"
                    + " (nslab list shows the labs)");
        }
        if (!Files.isRegularFile(Paths.get(script))) {
            throw new IllegalArgumentException("lab " + fileOrLab + " was brought up from " + script
                    + ", which is no longer there: name the script instead");
        }
        if (!options.parameters().isEmpty()) {
            throw new IllegalArgumentException("-P gives a script's parameters: lab " + fileOrLab
                    + " keeps those it was brought up with; name the script to give others");
        }
        return load(script, options, Labs.parametersOf(fileOrLab));
    }

    /**
     * A FILE|LAB argument: a lab name is itself; a script path gives the lab brought up from it
     * (without running it again), or the lab it names when run with {@code -P}'s values.
     */
    static String labName(String fileOrLab, ScriptOptions options) {
        if (!isScript(fileOrLab)) {
            return fileOrLab;
        }
        if (!options.parameters().isEmpty()) {
            return load(fileOrLab, options).labName();
        }
        List<String> labs = Labs.labsOfScript(Paths.get(fileOrLab));
        if (labs.size() > 1) {
            throw new IllegalArgumentException(fileOrLab + " brought up labs " + String.join(", ", labs)
                    + ": name the lab, or give the -P values that name it");
        }
        return labs.isEmpty() ? load(fileOrLab, options).labName() : labs.get(0);
    }

    private static boolean isScript(String fileOrLab) {
        return fileOrLab.endsWith(".groovy") || Files.isRegularFile(Paths.get(fileOrLab));
    }
}
