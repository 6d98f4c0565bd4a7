package dev.nslab.api;

import dev.nslab.apply.Applier;
import dev.nslab.dsl.ScriptRunner;
import dev.nslab.model.Topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * nslab as a library: bring a lab up from a script, use it, close it.
 * <pre>{@code
 * try (Lab lab = Nslab.up(Path.of("dsl-examples/two-hosts.netns.groovy"))) {
 *     lab.exec("h1", "ip", "addr");
 * }
 * }</pre>
 * Needs what {@code nslab up} needs: root (CAP_NET_ADMIN and CAP_SYS_ADMIN).
 */
public final class Nslab {
    private Nslab() {
    }

    /**
     * Validates, plans and applies a lab script, and waits until its links are up.
     * <p>Equivalent to: {@code nslab up FILE}
     *
     * @throws dev.nslab.dsl.DslException when the script is wrong ({@code FILE:LINE: message}); nothing changed
     * @throws RuntimeException           when the kernel refused a step; what this run made is removed again
     */
    public static Lab up(Path script) {
        return up(load(script));
    }

    /** As {@link #up(Path)}, for a script given as text; {@code fileName} names it in messages and gives the lab its default name. */
    public static Lab up(String fileName, String scriptText) {
        return up(new ScriptRunner().load(fileName, scriptText));
    }

    /**
     * Finds a script the way {@code @NetnsLab("...")} does: a file (relative to the working
     * directory), else a resource on the classpath of {@code owner}, and brings it up.
     *
     * @throws IllegalArgumentException when neither exists, naming both places looked at
     */
    public static Lab upLocated(String location, Class<?> owner) {
        Path file = Paths.get(location);
        if (Files.isRegularFile(file)) {
            return up(file);
        }
        String resource = location.startsWith("/") ? location : "/" + location;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("lab script " + location + ": no such file (in "
                        + Paths.get("").toAbsolutePath() + ") and no such resource on the classpath of " + owner.getName());
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return up(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("lab script " + location + ": cannot read the resource: " + e.getMessage(), e);
        }
    }

    private static Lab up(Topology topology) {
        Applier.up(topology);
        return new Lab(topology);
    }

    private static Topology load(Path script) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException(script + ": no such script (in " + Paths.get("").toAbsolutePath() + ")");
        }
        try {
            return new ScriptRunner().load(script);
        } catch (IOException e) {
            throw new UncheckedIOException(script + ": cannot read: " + e.getMessage(), e);
        }
    }
}
