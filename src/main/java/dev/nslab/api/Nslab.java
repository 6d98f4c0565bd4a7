package dev.nslab.api;

import dev.nslab.apply.Applier;
import dev.nslab.check.Expectations;
import dev.nslab.dsl.ScriptRunner;
import dev.nslab.model.Topology;
import dev.nslab.plan.Plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

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

    /**
     * Plans and applies a loaded lab, and waits until its links are up; the {@link Lab} it returns
     * tells what was done ({@link Lab#applied()}, {@link Lab#requests()}).
     * <p>Equivalent to: {@code nslab up [--allow-host-devices] FILE}
     *
     * @param allowHostDevices let the lab touch devices it did not create (its uplinks, host parents)
     */
    public static Lab up(Topology topology, boolean allowHostDevices) {
        return up(topology, allowHostDevices, Duration.ZERO);
    }

    /**
     * As {@link #up(Topology, boolean)}, waiting up to {@code wait} while another run changes the lab.
     * <p>Equivalent to: {@code nslab up --wait SECONDS FILE}
     */
    public static Lab up(Topology topology, boolean allowHostDevices, Duration wait) {
        Applier.Result r = Applier.up(topology, allowHostDevices, wait);
        return new Lab(topology, r.plan(), r.requests(), r.ready());
    }

    private static Lab up(Topology topology) {
        return up(topology, false);
    }

    /**
     * What {@link #up(Topology, boolean)} would do now, changing nothing.
     * <p>Equivalent to: {@code nslab plan FILE}
     */
    public static Plan plan(Topology topology, boolean allowHostDevices) {
        return Applier.plan(topology, allowHostDevices);
    }

    /**
     * Runs a lab's expectations ({@code ping}, {@code noPing}) against the lab as it is now.
     * <p>Equivalent to: {@code nslab check FILE}
     */
    public static List<Expectations.Result> check(Topology topology) {
        return Expectations.run(topology);
    }

    /**
     * Takes a lab that is up down: stops its processes, removes what it made.
     * <p>Equivalent to: {@code nslab down LAB}
     *
     * @return how many objects were removed
     * @throws IllegalArgumentException when {@code lab} breaks the name rule (nothing is touched)
     * @throws NoSuchLabException       when no lab of that name is up
     */
    public static int down(String lab) {
        return down(lab, Duration.ZERO);
    }

    /** As {@link #down(String)}, waiting up to {@code wait} while another run changes the lab ({@code nslab down --wait SECONDS LAB}). */
    public static int down(String lab, Duration wait) {
        return Applier.down(Labs.requireUp(lab), wait);
    }

    /**
     * Takes down the lab a script brought up, waiting up to {@code wait} while another run changes it (found from the labs' records, without running the
     * script, unless parameters are given); nothing to do, and 0, when it is not up.
     * <p>Equivalent to: {@code nslab down FILE}
     */
    public static Down down(Path script, LoadOptions options, Duration wait) {
        String lab = labOf(script, options);
        return new Down(lab, Labs.up().contains(lab) ? Applier.down(lab, wait) : 0);
    }

    /** What {@link #down(Path, LoadOptions, Duration)} did: the lab's name and how many objects it removed. */
    public record Down(String lab, int removed) {
    }

    /** Loads a script with the {@link LoadOptions#defaults() default options}. */
    public static Topology load(Path script) {
        return load(script, LoadOptions.defaults());
    }

    /**
     * Validates a script into its model, changing nothing.
     *
     * @throws dev.nslab.dsl.DslException when the script is wrong ({@code FILE:LINE: message})
     * @throws IllegalArgumentException   when there is no such file, or the check refuses it
     */
    public static Topology load(Path script, LoadOptions options) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException(script + ": no such script (in " + Paths.get("").toAbsolutePath() + ")");
        }
        options.check().accept(script);
        try {
            return new ScriptRunner(options.cache(), options.limits()).load(script, options.parameters());
        } catch (IOException e) {
            throw new UncheckedIOException(script + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A script, or the name of a lab that is up, as its model: a lab's name loads the script it
     * was last brought up from, with the parameter values it was brought up with.
     *
     * @throws IllegalArgumentException when the name breaks the rule, or parameters are given with a lab's name
     * @throws NoSuchLabException       when it is neither a script nor a lab that is up
     */
    public static Topology loadLab(String fileOrLab, LoadOptions options) {
        if (isScript(fileOrLab)) {
            return load(Paths.get(fileOrLab), options);
        }
        String lab = Labs.requireUp(fileOrLab);
        String script = dev.nslab.state.Labs.scriptOf(lab);
        if (script == null || !Files.isRegularFile(Paths.get(script))) {
            throw new IllegalArgumentException("lab " + lab + " was brought up from " + script
                    + ", which is no longer there: name the script instead");
        }
        if (!options.parameters().isEmpty()) {
            throw new IllegalArgumentException("-P gives a script's parameters: lab " + lab
                    + " keeps those it was brought up with; name the script to give others");
        }
        return load(Paths.get(script), options.withParameters(dev.nslab.state.Labs.parametersOf(lab)));
    }

    /**
     * A script or a lab's name, as a lab's name: a name is checked by the rule of the script's
     * {@code lab} word and must be up; a script gives the lab it brought up (without running it
     * again), or the lab it names when run with the options' parameters.
     */
    public static String labName(String fileOrLab, LoadOptions options) {
        return isScript(fileOrLab) ? labOf(Paths.get(fileOrLab), options) : Labs.requireUp(fileOrLab);
    }

    /** Whether a FILE|LAB argument names a script: it ends in .groovy or is a file. */
    public static boolean isScript(String fileOrLab) {
        return fileOrLab.endsWith(".groovy") || Files.isRegularFile(Paths.get(fileOrLab));
    }

    private static String labOf(Path script, LoadOptions options) {
        if (!options.parameters().isEmpty()) {
            return load(script, options).labName();
        }
        List<String> labs = dev.nslab.state.Labs.labsOfScript(script);
        if (labs.size() > 1) {
            throw new IllegalArgumentException(script + " brought up labs " + String.join(", ", labs)
                    + ": name the lab, or give the -P values that name it");
        }
        return labs.isEmpty() ? load(script, options).labName() : labs.get(0);
    }
}
