package dev.nslab.api;

import dev.nslab.model.Namespace;
import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside a named network namespace and collects its output: the whole of
 * {@link Lab#exec}, in one class so that it can be swapped for {@code nslab exec}'s own runner.
 * <p>
 * The child is started from a fresh thread that has entered the namespace
 * ({@link InNamespace#call}): a child inherits its calling thread's network namespace. Only the
 * network namespace changes, as with {@code nsenter --net=/run/netns/NS -- CMD}; unlike
 * {@code ip netns exec}, {@code /sys} is not remounted and {@code /etc/netns/NS} is not bound
 * over {@code /etc}.
 */
final class NamespaceCommand {
    private NamespaceCommand() {
    }

    /**
     * Runs {@code argv} in {@code namespace} and waits for it, at most {@code timeout}.
     * <p>Equivalent to: {@code nsenter --net=/run/netns/NS -- ARGV...}
     *
     * @throws UncheckedIOException when the command cannot be started (e.g. not installed)
     * @throws IllegalStateException when it did not finish in time (it is killed first)
     */
    static ExecResult run(String namespace, List<String> argv, Duration timeout) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("exec in " + namespace + ": no command given");
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            if (Namespace.isHost(namespace)) {
                p = pb.start();
            } else {
                try (NetnsHandle ns = NamedNamespaces.open(namespace)) {
                    p = InNamespace.call(ns, pb::start);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run '" + String.join(" ", argv) + "' in " + namespace + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("cannot run '" + String.join(" ", argv) + "' in " + namespace + ": " + io.getMessage(), io);
            }
            throw e;
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already have exited; it gets no input either way
        }
        CompletableFuture<String> out = drain(p.getInputStream(), "stdout of " + argv.get(0));
        CompletableFuture<String> err = drain(p.getErrorStream(), "stderr of " + argv.get(0));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                throw new IllegalStateException("'" + String.join(" ", argv) + "' in " + namespace + " did not finish within "
                        + timeout.toMillis() + " ms and was killed; its output so far: " + out.join().strip() + " " + err.join().strip());
            }
            return new ExecResult(namespace, argv, p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for '" + String.join(" ", argv) + "' in " + namespace, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in, String what) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                text.complete(buf.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(" + what + " unreadable: " + e.getMessage() + ")");
            }
        }, "nslab-exec-" + what);
        t.setDaemon(true);
        t.start();
        return text;
    }
}
