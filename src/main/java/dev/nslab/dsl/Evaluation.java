package dev.nslab.dsl;

import dev.nslab.model.SourceLocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One evaluation of a script, kept to what a script may do in a JVM it shares (the daemon's):
 * <ul>
 * <li>it runs on a thread of its own, in a thread group of its own that the threads it starts
 *     inherit, so that they can be told from anyone else's;
 * <li>it is stopped when it runs longer than {@link ScriptLimits#timeout()} or holds more heap
 *     than {@link ScriptLimits#heapBytes()}: the thread is interrupted, and the check that the
 *     compiler put into every loop, closure and method ({@link ScriptCompiler}) ends it there;
 * <li>{@code System.exit} and {@code Runtime.halt} on its threads are refused ({@link #refuse}),
 *     even when the script catches the refusal;
 * <li>threads it started that still run when it returns are interrupted, and refused.
 * </ul>
 * Each ends in a {@link DslException} at the script line concerned. A thread that does not end
 * when interrupted (one blocked in Java code that ignores interrupts) cannot be ended in a JVM
 * (Thread.stop is gone); it is named in the message and in {@link #leftRunning()}, so that a
 * long-running caller can retire its JVM.
 */
final class Evaluation {
    private static final long POLL_MILLIS = 50;
    /** How long a thread has to end once interrupted. */
    private static final long GRACE_MILLIS = 2_000;
    /** Threads of past evaluations that did not end when interrupted. */
    private static final List<Thread> LEFT_RUNNING = new ArrayList<>();

    private final Recorder recorder;
    private final ScriptLimits limits;
    private final ScriptThreads group;
    /** What stopped the script from outside (a limit), and where it was then; null: nothing. */
    private volatile String stoppedBecause;
    private volatile SourceLocation stoppedAt;
    /** The first refused exit: the call, and where. */
    private volatile String refusedCall;
    private volatile SourceLocation refusedAt;

    /** What the threads the script started threw and did not catch, by thread name (the first few). */
    private final Map<String, Throwable> threadFailures = new LinkedHashMap<>();
    /** Set once the evaluation interrupts what is left: an interrupt's exception is then no failure. */
    private volatile boolean ending;

    /** The threads of one evaluation: its own, and every thread they start (a new thread takes its starter's group). */
    private static final class ScriptThreads extends ThreadGroup {
        final Evaluation evaluation;

        ScriptThreads(String file, Evaluation evaluation) {
            super("nslab-script " + file);
            this.evaluation = evaluation;
        }

        /** A thread the script started failed: a script error, reported with the script's, not a stack trace on stderr. */
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (e instanceof ExitRefused || evaluation.ending && e instanceof InterruptedException) {
                return;
            }
            synchronized (evaluation.threadFailures) {
                if (evaluation.threadFailures.size() < DslException.MAX_REPORTED) {
                    evaluation.threadFailures.putIfAbsent(t.getName(), e);
                }
            }
        }
    }

    private Evaluation(Recorder recorder, ScriptLimits limits) {
        this.recorder = recorder;
        this.limits = limits;
        this.group = new ScriptThreads(recorder.file(), this);
    }

    /**
     * How an evaluation ended.
     *
     * @param thrown         what the script threw, for the caller to explain; null if it returned
     * @param threadFailures what threads the script started threw, by thread name, for the caller to explain
     * @param strayThreads   the threads the script left running, as a mistake; null if none
     */
    record Outcome(Throwable thrown, Map<String, Throwable> threadFailures, DslException strayThreads) {
    }

    /**
     * Runs {@code body} (the script) within {@code limits}.
     *
     * @throws DslException if it was stopped or tried to end the JVM
     */
    static Outcome run(Runnable body, Recorder recorder, ScriptLimits limits) {
        return new Evaluation(recorder, limits).run(body);
    }

    /** @return the names of threads that scripts started (or ran on) and that did not end when told to */
    static List<String> leftRunning() {
        synchronized (LEFT_RUNNING) {
            LEFT_RUNNING.removeIf(t -> !t.isAlive());
            return LEFT_RUNNING.stream().map(Thread::getName).toList();
        }
    }

    /**
     * On a script's thread, refuses {@code call} (System.exit and the like) with an error the
     * script's {@code catch (e)} does not catch; elsewhere returns, and the caller goes on.
     */
    static void refuse(String call) {
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            if (g instanceof ScriptThreads threads) {
                Evaluation e = threads.evaluation;
                SourceLocation at = e.recorder.here();
                synchronized (e) {
                    if (e.refusedCall == null) {
                        e.refusedCall = call;
                        e.refusedAt = at;
                    }
                }
                throw new ExitRefused(call);
            }
        }
    }

    /** Thrown into a script that calls System.exit: an Error, so that {@code catch (e)} lets it pass. */
    static final class ExitRefused extends Error {
        private static final long serialVersionUID = 1L;

        ExitRefused(String call) {
            super(call + " refused: a lab script cannot end nslab");
        }
    }

    private Outcome run(Runnable body) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread script = new Thread(group, () -> {
            try {
                body.run();
            } catch (Throwable t) { // everything, OutOfMemoryError and StackOverflowError too: the caller explains it
                thrown.set(t);
            }
        }, "nslab-script");
        script.setDaemon(true);
        script.start();
        watch(script);
        if (script.isAlive()) {
            abandon(List.of(script));
            throw new DslException(where(script), stoppedBecause + ", and did not stop when interrupted: its thread is"
                    + " left running");
        }
        if (stoppedBecause != null) {
            throw new DslException(stoppedAt, stoppedBecause);
        }
        if (refusedCall != null) {
            throw new DslException(refusedAt, refusedCall + " would end nslab (in the daemon, every command it serves):"
                    + " a lab script only declares the lab; to stop with an error, throw an exception:"
                    + " throw new IllegalStateException('why')");
        }
        DslException stray = endStrayThreads();
        synchronized (threadFailures) {
            return new Outcome(thrown.get(), Collections.unmodifiableMap(new LinkedHashMap<>(threadFailures)), stray);
        }
    }

    /** Waits for the script's thread, stopping it at a limit; returns when it has ended, or did not end in time. */
    private void watch(Thread script) {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        long before = heapUsed();
        long nextCheck = before + limits.heapBytes();
        boolean interrupted = false;
        while (script.isAlive()) {
            try {
                script.join(POLL_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true; // the caller is being stopped: stop the script too, then pass it on
                stop(script, "the script was interrupted");
            }
            if (stoppedBecause != null) {
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                stop(script, "the script ran longer than " + seconds(limits.timeout().toMillis())
                        + " (--timeout) and was stopped here: a lab script only declares the lab;"
                        + " is there a loop without end?");
            } else if (heapUsed() > nextCheck) {
                // Garbage counts too until collected: collect, and judge what remains.
                System.gc();
                long held = heapUsed() - before;
                if (held > limits.heapBytes()) {
                    stop(script, "the script held more than " + (limits.heapBytes() >> 20) + " MiB of memory and was stopped"
                            + " here: a lab script only declares the lab; is something growing without end?");
                } else {
                    nextCheck = before + held + limits.heapBytes();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The heap in use, garbage included. (Runtime, not the MemoryMXBean: JMX is some 50 classes to load and start in a cold run.) */
    private static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private void stop(Thread script, String why) {
        ending = true;
        stoppedAt = where(script);
        stoppedBecause = why;
        script.interrupt();
        try {
            script.join(GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads the script started and left running: interrupted, given a moment to end, and refused; null if none. */
    private DslException endStrayThreads() {
        List<Thread> stray = running();
        if (stray.isEmpty()) {
            return null;
        }
        SourceLocation at = where(stray.get(0));
        ending = true;
        String names = String.join(", ", stray.stream().map(t -> "'" + t.getName() + "'").toList());
        stray.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (Thread t : stray) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Thread> left = stray.stream().filter(Thread::isAlive).toList();
        abandon(left);
        return new DslException(at, "the script ended, but thread" + (stray.size() == 1 ? " " : "s ") + names
                + (stray.size() == 1 ? " that it started was" : " that it started were") + " still running"
                + (left.isEmpty() ? " (now ended)" : ", and " + (left.size() == 1 ? "does" : "do") + " not stop when interrupted")
                + ": a lab script only declares the lab; join the threads it starts before it ends");
    }

    /** The live threads of this evaluation's group, but the common fork-join pool's (a parallel stream's workers stay for later ones). */
    private List<Thread> running() {
        Thread[] all = new Thread[group.activeCount() + 16];
        int n = group.enumerate(all, true);
        return Arrays.stream(all, 0, n)
                .filter(Thread::isAlive)
                .filter(t -> !(t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool()))
                .toList();
    }

    private static void abandon(List<Thread> threads) {
        synchronized (LEFT_RUNNING) {
            LEFT_RUNNING.addAll(threads);
        }
    }

    /** The script line {@code thread} is at: the innermost frame of the script in its stack. */
    private SourceLocation where(Thread thread) {
        return recorder.lineIn(thread.getStackTrace());
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
    }
}
