package dev.nslab.graph;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Turns DOT into SVG with Graphviz's {@code dot}, on this machine: no network, no service. */
public final class Graphviz {
    private static final long TIMEOUT_SECONDS = 60;

    private Graphviz() {
    }

    /** Runs {@code dot -Tsvg}; fails naming what to install when Graphviz is missing. */
    public static String svg(String dot) {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-Tsvg").start();
        } catch (IOException e) {
            throw new IllegalStateException("graph --format svg needs Graphviz's 'dot' (Debian: apt-get install graphviz): "
                    + e.getMessage(), e);
        }
        try (OutputStream in = p.getOutputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "dot-stderr");
            errReader.start();
            Thread outReader = new Thread(() -> copy(p.getInputStream(), out), "dot-stdout");
            outReader.start();
            in.write(dot.getBytes(StandardCharsets.UTF_8));
            in.close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dot -Tsvg did not finish within " + TIMEOUT_SECONDS + " s");
            }
            outReader.join();
            errReader.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("dot -Tsvg exited " + p.exitValue() + ": " + err.toString(StandardCharsets.UTF_8).strip());
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("dot -Tsvg failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while dot -Tsvg ran", e);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException ignored) {
            // the exit status tells what went wrong
        }
    }
}
