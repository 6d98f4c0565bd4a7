package dev.nslab.cli;

import dev.nslab.api.Nslab;
import dev.nslab.model.Topology;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The FILE|LAB of a command that works on a lab, named by its script or by its name (checked by
 * the script's {@code lab} rule, and required to be up), with the options that go with running a
 * script: declared here once, mixed into down, graph and doctor.
 */
final class LabTarget {
    @Mixin
    ScriptOptions options;
    @Parameters(index = "0", paramLabel = "FILE|LAB", description = "the lab script, or the name of a lab that is up")
    String target;

    /** The lab's model: the script, or the script the lab was brought up from with its parameter values. */
    Topology load() {
        return Nslab.loadLab(target, options.load());
    }
}
