package dev.nslab.cli;

import groovy.json.JsonOutput;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code -o json} or {@code --json}: what list, ps, check, doctor and show print for a program instead of a person. */
final class OutputFormat {
    enum Format { text, json }

    @Option(names = "-o", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}); the JSON is described in docs/json.md.")
    Format format = Format.text;
    @Option(names = "--json", description = "The same as -o json.")
    boolean json;

    boolean json() {
        return json || format == Format.json;
    }

    /** Writes {@code value} (maps, lists, strings, numbers, booleans, nulls) as indented JSON. */
    static void print(PrintWriter out, Object value) {
        out.println(JsonOutput.prettyPrint(JsonOutput.toJson(value)));
        out.flush();
    }
}
