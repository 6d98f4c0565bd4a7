package dev.nslab.check;

import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NetnsHandle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * One TCP connect from inside a namespace: a socket made on a thread that has entered it (so the
 * socket belongs to it), connected with a time limit, closed at once. What happened is told apart
 * as the kernel reports it: accepted, refused (an RST came back: the host is there, nothing listens),
 * unreachable (no route, or an ICMP unreachable), or no answer in time (a filter drops it).
 */
public final class TcpConnect {
    private TcpConnect() {
    }

    /** How a connect ended. */
    public enum Outcome {
        CONNECTED, REFUSED, UNREACHABLE, TIMED_OUT, ERROR
    }

    /**
     * @param outcome what happened
     * @param time    how long the connect took (to the accept, the RST, the error, or the time limit)
     * @param detail  in words, with the kernel's message
     */
    public record Attempt(Outcome outcome, Duration time, String detail) {
        public boolean connected() {
            return outcome == Outcome.CONNECTED;
        }
    }

    /**
     * Connects from {@code ns} to {@code address:port}, waiting at most {@code timeout}.
     * <p>Equivalent to: {@code ip netns exec NS nc -z -w SECONDS ADDRESS PORT}
     */
    public static Attempt connect(NetnsHandle ns, java.net.InetAddress address, int port, Duration timeout) {
        return InNamespace.call(ns, () -> attempt(address, port, timeout));
    }

    /** Connects from the calling thread's namespace. */
    static Attempt attempt(java.net.InetAddress address, int port, Duration timeout) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // no TIME_WAIT left behind in the lab
            s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new Attempt(Outcome.CONNECTED, took, "connected in " + ms(took));
        } catch (SocketTimeoutException e) {
            return new Attempt(Outcome.TIMED_OUT, Duration.ofNanos(System.nanoTime() - t0),
                    "no answer within " + timeout.toMillis() + " ms (dropped on the way: a filter, or a lost route back)");
        } catch (NoRouteToHostException e) {
            return new Attempt(Outcome.UNREACHABLE, Duration.ofNanos(System.nanoTime() - t0), "unreachable: " + e.getMessage());
        } catch (ConnectException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return new Attempt(Outcome.REFUSED, took, "refused (RST): nothing listens on port " + port);
            }
            if (m.contains("unreachable") || m.contains("no route")) {
                return new Attempt(Outcome.UNREACHABLE, took, "unreachable: " + e.getMessage());
            }
            return new Attempt(Outcome.ERROR, took, e.getMessage());
        } catch (IOException e) {
            return new Attempt(Outcome.ERROR, Duration.ofNanos(System.nanoTime() - t0), String.valueOf(e.getMessage()));
        }
    }

    static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
    }
}
