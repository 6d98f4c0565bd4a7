package dev.nslab.model;

import java.util.List;
import java.util.Objects;

/**
 * A process started inside a namespace once the lab is up, and stopped by {@code down}.
 *
 * @param namespace the namespace, or {@link Namespace#HOST}
 * @param name      the process's name in the lab, unique per namespace (used for its log file)
 * @param argv      program and arguments; the program is looked up in PATH as execvp does
 * @param location  where the process was declared
 * @param ready     what {@code up} waits for before it goes on ({@code ready 'tcp:8080'}); null: nothing
 */
public record Spawn(String namespace, String name, List<String> argv, SourceLocation location, Readiness ready) {

    public Spawn {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        argv = List.copyOf(argv);
        Objects.requireNonNull(location, "location");
    }

    /** A spawn that {@code up} does not wait for. */
    public Spawn(String namespace, String name, List<String> argv, SourceLocation location) {
        this(namespace, name, argv, location, null);
    }
}
