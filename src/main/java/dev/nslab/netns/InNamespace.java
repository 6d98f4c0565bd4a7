package dev.nslab.netns;

import dev.nslab.sys.Sys;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs code inside a network namespace without letting that namespace leak into any other work.
 * <p>
 * The network namespace belongs to a thread, not to the process. So every switch happens on a
 * fresh platform thread made for it: the thread enters the namespace, runs the task, switches
 * back, and ends. If switching back fails the thread still ends, so no later task can ever run
 * in the wrong namespace. Never a virtual thread, never a pooled one (kernel-facts.md).
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
            int home = Sys.open("/proc/thread-self/ns/net", Sys.O_RDONLY, 0);
            try {
                Sys.setns(target.fd(), Sys.CLONE_NEWNET);
                try {
                    return task.run();
                } finally {
                    Sys.setns(home, Sys.CLONE_NEWNET);
                }
            } finally {
                Sys.closeQuietly(home);
            }
        });
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

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
