package dev.nslab.cli;

import dev.nslab.api.Nslab;
import dev.nslab.model.Topology;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The FILE of a command that runs a script, with the options that go with running one
 * ({@link ScriptOptions}): declared here once, mixed into up, plan, check, unit and sandbox.
 */
final class ScriptFile {
    @Mixin
    ScriptOptions options;
    @Parameters(index = "0", paramLabel = "FILE", description = "the lab script (*.netns.groovy)")
    String file;

    /** The script, validated into its model through the library's pipeline. */
    Topology load() {
        return Nslab.load(path(), options.load());
    }

    Path path() {
        return Paths.get(file);
    }
}
