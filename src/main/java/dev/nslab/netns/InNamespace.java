package dev.nslab.netns;

import dev.nslab.sys.Fds;
import dev.nslab.sys.Namespaces;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs code inside a network namespace without letting that namespace leak into any other work.
 * <p>
 * The network namespace belongs to a thread, not to the process. So every switch happens on a
 * fresh platform thread made for it: the thread enters the namespace, runs the task, switches
 * back, and ends. If switching back fails the thread still ends, so no later task can ever run
 * in the wrong namespace. Never a virtual thread, never a pooled one (docs/kernel-facts.md,
 * "Namespaces and threads").
 */
public final class InNamespace {
    private InNamespace() {
    }

    /** The work to do inside; may throw. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code task} inside {@code target}, as {@code ip netns exec} would for a command, and
     * returns its result. Sockets the task opens stay bound to {@code target}.
     */
    public static <T> T call(NetnsHandle target, Task<T> task) {
        return onFreshThread("nslab-in-" + target.name(), () -> {
            int home = Fds.open("/proc/thread-self/ns/net", Fds.O_RDONLY, 0);
            try {
                Namespaces.setns(target.fd(), Namespaces.CLONE_NEWNET);
                try {
                    return task.run();
                } finally {
                    Namespaces.setns(home, Namespaces.CLONE_NEWNET);
                }
            } finally {
                Fds.closeQuietly(home);
            }
        });
    }

    /**
     * Runs {@code task} with the calling thread itself inside {@code target}, and puts the
     * thread back into its own namespace afterwards, whatever the task did or threw (for the
     * public {@code Lab.call}: a test's code, its thread-locals and its sockets stay on its
     * thread). A virtual thread shares its carrier with others, so it is never switched: its
     * task runs on a fresh platform thread instead, as {@link #call} does.
     *
     * @throws IllegalStateException when the thread cannot be put back (it then must not be used
     *                               for network work again; this has not been seen to happen)
     */
    public static <T> T callHere(NetnsHandle target, Task<T> task) throws Exception {
        if (Thread.currentThread().getClass().getName().equals("java.lang.VirtualThread")) { // isVirtual() is Java 21
            return call(target, task);
        }
        int home = Fds.open("/proc/thread-self/ns/net", Fds.O_RDONLY, 0);
        try {
            Namespaces.setns(target.fd(), Namespaces.CLONE_NEWNET);
            Throwable failure = null;
            try {
                return task.run();
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                try {
                    Namespaces.setns(home, Namespaces.CLONE_NEWNET);
                } catch (RuntimeException e) {
                    IllegalStateException stuck = new IllegalStateException("thread " + Thread.currentThread().getName()
                            + " could not go back to its network namespace after running in " + target.name() + ": " + e.getMessage(), e);
                    if (failure != null) {
                        stuck.addSuppressed(failure);
                    }
                    throw stuck;
                }
            }
        } finally {
            Fds.closeQuietly(home);
        }
    }

    /**
     * Runs {@code task} on a fresh platform thread that ends afterwards, whatever the task did
     * to the thread's namespaces. Checked exceptions are rethrown wrapped, unchecked ones as is.
     */
    public static <T> T onFreshThread(String threadName, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + threadName, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } finally {
            joinQuietly(thread);
        }
    }

    /** A task's result or its failure. */
    public record Outcome<T>(T value, RuntimeException failure) {
    }

    /**
     * Runs each task on a fresh platform thread of its own, all at once, and waits for all.
     * Each thread ends afterwards, whatever its task did to the thread's namespaces.
     */
    public static <T> List<Outcome<T>> onFreshThreads(String threadName, List<Callable<T>> tasks) {
        List<CompletableFuture<T>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Callable<T> task = tasks.get(i);
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }, threadName + "-" + i);
            thread.setDaemon(true);
            results.add(result);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        threads.forEach(InNamespace::joinQuietly);
        List<Outcome<T>> out = new ArrayList<>();
        for (CompletableFuture<T> r : results) {
            try {
                out.add(new Outcome<>(r.getNow(null), null));
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error err) {
                    throw err; // as onFreshThread: a cancelled command (Invocation.Cancelled) among them
                }
                out.add(new Outcome<>(null, cause instanceof RuntimeException re ? re
                        : new IllegalStateException(cause.getMessage(), cause)));
            }
        }
        return out;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
