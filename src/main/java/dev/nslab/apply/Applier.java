package dev.nslab.apply;

import dev.nslab.model.LiveState;
import dev.nslab.model.Ownership;
import dev.nslab.model.Topology;
import dev.nslab.netlink.Netlink;
import dev.nslab.plan.Plan;
import dev.nslab.plan.Planner;
import dev.nslab.state.Journal;
import dev.nslab.state.LabLock;
import dev.nslab.state.Labs;
import dev.nslab.state.UplinkOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plan -> kernel, the front door of {@code apply}: reads the live state ({@link LiveRead}),
 * plans ({@link Planner}), carries the plan out ({@link Executor}, with requests from the pure
 * {@link Translator}), waits until what should be up is up ({@link Readiness}) and starts the
 * lab's processes ({@link Spawns}); {@code down} is {@link Teardown}. When a step fails,
 * everything the run created is removed again and the error names the step, its script line
 * and the kernel's words.
 */
public final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private Applier() {
    }

    /**
     * What {@code up} did. {@code requests} counts the netlink writes (0 when nothing changed);
     * {@code ready}: each spawn with {@code ready} and how long it took.
     */
    public record Result(Plan plan, int requests, List<SpawnReadiness.Waited> ready) {
    }

    /**
     * Starts loading the kernel side (jnr-ffi's libc binding, the netlink and codec classes) on
     * a background thread, so that it overlaps with compiling the script: about a third of a
     * second of start-up that would otherwise come after it. Opens and closes one netlink
     * socket in the calling thread's namespace; changes nothing.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try (Netlink nl = Netlink.open()) {
                nl.socket().nextSeq();
            } catch (RuntimeException | LinkageError ignored) {
                // the real call will meet the same problem and report it
            }
        }, "nslab-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Prints nothing, changes nothing: the plan {@code up} would carry out now. */
    public static Plan plan(Topology lab) {
        return plan(lab, false);
    }

    /** The plan {@code up} would carry out now; changes nothing. */
    public static Plan plan(Topology lab, boolean allowHostDevices) {
        try (Session s = new Session()) {
            Ownership owned = Labs.claims(lab.labName()).owned();
            LiveState live = LiveRead.state(lab, s);
            return Planner.plan(lab, live, owned, LiveRead.sysctls(lab, s, live), allowHostDevices);
        }
    }

    /** Brings the lab up, or converges it; returns the plan that was carried out. */
    public static Result up(Topology lab) {
        return up(lab, false);
    }

    /**
     * Brings the lab up, or converges it; returns the plan that was carried out.
     *
     * @param allowHostDevices let the lab touch devices it did not create (its uplinks)
     */
    public static Result up(Topology lab, boolean allowHostDevices) {
        return up(lab, allowHostDevices, Duration.ZERO);
    }

    /** As {@link #up(Topology, boolean)}, waiting up to {@code wait} for another run of the lab to finish. */
    public static Result up(Topology lab, boolean allowHostDevices, Duration wait) {
        try (LabLock lock = LabLock.acquire(lab.labName(), wait); Session s = new Session()) {
            Journal journal = lock.journal();
            long t0 = System.nanoTime();
            LiveState live = LiveRead.state(lab, s);
            t0 = Timing.phase("up: live state read", t0);
            Plan plan = Planner.plan(lab, live, journal.claims().owned(), LiveRead.sysctls(lab, s, live), allowHostDevices);
            // Written once the plan is accepted: a refused plan leaves no journal behind.
            String script = Paths.get(lab.file()).toAbsolutePath().normalize().toString();
            if (!script.equals(journal.scriptOf()) || !lab.parameters().equals(journal.parametersOf())) {
                journal.record(Journal.scriptRecords(script, lab.parameters()));
            }
            t0 = Timing.phase("up: planned " + dev.nslab.model.Counts.of(plan.changes().size(), "change"), t0);
            plan.warnings().forEach(LOG::warn);
            List<UplinkOrigin> undeclared = journal.uplinks().stream()
                    .filter(o -> lab.uplinks().stream().noneMatch(u -> u.name().equals(o.name()) && u.namespace().equals(o.namespace())))
                    .toList();
            Uplinks.giveBack(undeclared, journal, s);
            int requests = 0;
            Executor run = plan.isEmpty() ? null : new Executor(lab, plan, live, journal, s);
            if (run != null) {
                requests = run.execute();
            }
            t0 = System.nanoTime();
            Readiness.waitUntilUp(lab, s);
            t0 = Timing.phase("up: waited for carrier", t0);
            List<Spawns.Started> started = new ArrayList<>();
            try {
                // Names are enough here: only the files of namespaces that exist no more are
                // removed, and those the claims would count as the lab's anyway (Claims.check).
                Hosts.sync(lab, journal.ownership().namespaces());
                t0 = Timing.phase("up: hosts files written", t0);
                Spawns.startMissing(lab, s, started);
                List<SpawnReadiness.Waited> ready = SpawnReadiness.await(lab, started);
                Timing.phase("up: services started", t0);
                return new Result(plan, requests, ready);
            } catch (RuntimeException e) {
                // A service that does not come up fails up as a refused step does: undone.
                Spawns.stopStarted(lab.labName(), started);
                if (run != null) {
                    run.undo(e);
                }
                try {
                    Hosts.sync(lab, lab.declaredNamespaces().stream().map(dev.nslab.model.Namespace::name).toList());
                } catch (RuntimeException hostsFailed) {
                    e.addSuppressed(hostsFailed);
                }
                throw e;
            }
        }
    }

    /** Removes what the lab made, and nothing else. Returns the number of objects removed. */
    public static int down(String labName) {
        return down(labName, Duration.ZERO);
    }

    /**
     * Removes what the lab made, and nothing else, waiting up to {@code wait} for another run of
     * the lab to finish ({@link Teardown}). Returns the number of objects removed.
     */
    public static int down(String labName, Duration wait) {
        return Teardown.down(labName, wait);
    }
}
