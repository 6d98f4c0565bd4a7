package dev.nslab.dsl;

import dev.nslab.model.Readiness;
import dev.nslab.model.Spawn;

import java.util.List;

/**
 * {@code spawn 'NAME', 'PROGRAM', 'ARG'...}, optionally followed by {@code ready 'tcp:PORT'}
 * ({@code 'udp:PORT'}, {@code 'log:REGEX'}) and {@code within '30s'}: what {@code up} waits for.
 */
public class SpawnSpec extends Spec {
    private final String namespace;
    private final String name;
    private List<String> argv = List.of();
    private Readiness ready;

    SpawnSpec(Recorder recorder, String namespace, String name) {
        super(recorder);
        this.namespace = namespace;
        this.name = name;
    }

    void argv(List<String> argv) {
        this.argv = argv;
    }

    /**
     * What {@code up} waits for before it goes on: {@code 'tcp:8080'} (a listening TCP socket of
     * this process or its children, in its namespace), {@code 'udp:53'} (a bound UDP socket), or
     * {@code 'log:REGEX'} (a line of its log matching). At most 10 s unless {@code within} says.
     */
    public SpawnSpec ready(String condition) {
        recorder.touch(this);
        if (recorder.given("ready", condition) == null) {
            return this;
        }
        if (ready != null) {
            recorder.mistake(describe() + " has two ready words: keep one");
            return this;
        }
        try {
            ready = Readiness.parse(condition, Readiness.DEFAULT_WITHIN, recorder.here());
        } catch (IllegalArgumentException e) {
            recorder.mistake("ready " + e.getMessage());
        }
        return this;
    }

    /** How long {@code up} waits for {@code ready} at most: {@code within '30s'} ({@code ms}, {@code s}, {@code m}). */
    public SpawnSpec within(String time) {
        recorder.touch(this);
        if (recorder.given("within", time) == null) {
            return this;
        }
        if (ready == null) {
            recorder.mistake(describe() + ": within needs ready before it, as in ready 'tcp:8080' within '30s'");
            return this;
        }
        try {
            ready = ready.within(Readiness.parseTime(time));
        } catch (IllegalArgumentException e) {
            recorder.mistake("within " + e.getMessage());
        }
        return this;
    }

    @Override
    String describe() {
        return "spawn '" + name + "'";
    }

    Spawn toSpawn() {
        return new Spawn(namespace, name, argv, location, ready);
    }
}
