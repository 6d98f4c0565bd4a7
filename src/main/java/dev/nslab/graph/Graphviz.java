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
        return new String(render(dot, "svg"), StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code dot -T$format} ({@code svg}, {@code png}, {@code json}...); fails naming what to
     * install when Graphviz is missing.
     */
    public static byte[] render(String dot, String format) {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-T" + format).start();
        } catch (IOException e) {
            throw new IllegalStateException("graph --format " + format + " needs Graphviz's 'dot' (Debian: apt-get install graphviz): "
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
                throw new IllegalStateException("dot -T" + format + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            outReader.join();
            errReader.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("dot -T" + format + " exited " + p.exitValue() + ": " + err.toString(StandardCharsets.UTF_8).strip());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("dot -T" + format + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while dot -T" + format + " ran", e);
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
