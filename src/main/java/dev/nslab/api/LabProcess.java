package dev.nslab.api;

import dev.nslab.apply.SpawnReadiness;
import dev.nslab.model.Readiness;
import dev.nslab.model.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started in a lab namespace with {@link Lab#spawn}: its PID, its output (stdout
 * and stderr, as they came), a wait until it listens, and {@link #stop()}. {@link Lab#close()}
 * stops it at the latest.
 */
public final class LabProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 10;
    private static final long TERM_GRACE_MILLIS = 2_000;
    private final String namespace;
    private final List<String> argv;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread[] drains = new Thread[2];

    LabProcess(String namespace, List<String> argv, Process process) {
        this.namespace = namespace;
        this.argv = List.copyOf(argv);
        this.process = process;
        drains[0] = drain(process.getInputStream(), "stdout");
        drains[1] = drain(process.getErrorStream(), "stderr");
    }

    private Thread drain(InputStream in, String which) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process ended and its pipe went with it
            }
        }, "nslab-spawn-" + which + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** @return the process's PID (the program's own: nothing stays in between) */
    public long pid() {
        return process.pid();
    }

    /** @return the namespace it runs in */
    public String namespace() {
        return namespace;
    }

    /** @return true while it runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return everything it wrote to stdout and stderr so far */
    public String output() {
        return output.toString();
    }

    /**
     * Waits until the process (or one of its children) listens on TCP {@code port} in its
     * namespace, as {@code ready 'tcp:PORT'} does: a socket in LISTEN in the namespace's
     * {@code /proc/net/tcp} or {@code tcp6} whose inode is one of the process tree's fds.
     *
     * @return this
     * @throws IllegalStateException when it exits first, or does not listen within {@code timeout}, with its output
     */
    public LabProcess awaitReady(int port, Duration timeout) {
        Readiness want = new Readiness(Readiness.Kind.TCP, port, null, timeout, new SourceLocation("lab.spawn", 0));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!SpawnReadiness.listens((int) process.pid(), want)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited with status " + process.exitValue()
                        + " before it listened on TCP port " + port + "; its output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(this + " did not listen on TCP port " + port + " within "
                        + timeout.toMillis() + " ms; its output so far:\n" + output());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + this, e);
            }
        }
        return this;
    }

    /**
     * Stops it and its children: TERM, up to 2 s, then KILL; waits until it has ended and its
     * output is read. Twice is harmless.
     *
     * @return its exit status
     */
    public int stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(TERM_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            for (ProcessHandle c : children) {
                if (c.isAlive()) {
                    c.destroyForcibly();
                }
            }
            for (Thread t : drains) {
                t.join(TERM_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "'" + String.join(" ", argv) + "' (PID " + process.pid() + ") in " + namespace;
    }
}
