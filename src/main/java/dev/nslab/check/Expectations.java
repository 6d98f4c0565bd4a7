package dev.nslab.check;

import dev.nslab.model.Expectation;
import dev.nslab.model.Namespace;
import dev.nslab.model.Topology;
import dev.nslab.netns.Icmp;
import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a lab's expectations ({@code ping NS to ADDR}, {@code noPing NS to ADDR}) with nslab's own
 * ICMP echo ({@link Icmp}), and {@code connect}/{@code noConnect} with a TCP connect of its own
 * ({@link TcpConnect}), all at once, each from inside its source namespace.
 */
public final class Expectations {
    /** A {@code ping} passes on the first of up to this many answered echoes. */
    static final int PING_ATTEMPTS = 3;
    public static final Duration PING_WAIT = Duration.ofSeconds(1);
    /** A {@code noPing} passes when one echo goes unanswered this long. */
    static final Duration NO_PING_WAIT = Duration.ofSeconds(1);

    private Expectations() {
    }

    /** A {@code connect} passes on the first of up to this many accepted connects. */
    static final int CONNECT_ATTEMPTS = 3;
    static final Duration CONNECT_WAIT = Duration.ofSeconds(2);
    /** A {@code noConnect} passes when one connect fails, or is not accepted this long. */
    static final Duration NO_CONNECT_WAIT = Duration.ofSeconds(1);

    /**
     * One expectation's outcome.
     *
     * @param echo    the last echo sent, or null when none could be (the namespace is missing) or for a connect
     * @param detail  what was seen, in words: "reply in 0.052 ms", "no reply within 1000 ms", ...
     * @param connect the last TCP connect, for connect and noConnect; else null
     */
    public record Result(Expectation expectation, boolean passed, Icmp.Echo echo, String detail, TcpConnect.Attempt connect) {
        /** A ping's result. */
        public Result(Expectation expectation, boolean passed, Icmp.Echo echo, String detail) {
            this(expectation, passed, echo, detail, null);
        }

        /** @return the round-trip time of the answered echo, or the time the connect took; null when there is none */
        public Duration time() {
            if (echo != null && echo.answered()) {
                return echo.rtt();
            }
            return connect != null && connect.connected() ? connect.time() : null;
        }
    }

    /** Runs every expectation of {@code lab}; an empty list when it declares none. */
    public static List<Result> run(Topology lab) {
        List<Callable<Result>> tasks = new ArrayList<>();
        for (Expectation e : lab.expectations()) {
            tasks.add(() -> check(e));
        }
        List<Result> out = new ArrayList<>();
        List<InNamespace.Outcome<Result>> outcomes = InNamespace.onFreshThreads("nslab-check", tasks);
        for (int i = 0; i < outcomes.size(); i++) {
            InNamespace.Outcome<Result> o = outcomes.get(i);
            Expectation e = lab.expectations().get(i);
            out.add(o.failure() == null ? o.value()
                    : new Result(e, false, null, "could not " + (e.kind().isTcp() ? "connect" : "ping") + ": " + o.failure().getMessage()));
        }
        return out;
    }

    /** Runs one expectation. */
    public static Result check(Expectation e) {
        String ns = e.fromNamespace();
        if (!Namespace.isHost(ns) && !NamedNamespaces.exists(ns)) {
            return new Result(e, false, null, "namespace '" + ns + "' does not exist: is the lab up?");
        }
        try (NetnsHandle h = Namespace.isHost(ns) ? NamedNamespaces.openCurrent(Namespace.HOST) : NamedNamespaces.open(ns)) {
            if (e.kind().isTcp()) {
                return connect(h, e);
            }
            if (e.kind() == Expectation.Kind.NO_PING) {
                Icmp.Echo echo = Icmp.echo(h, e.target(), NO_PING_WAIT);
                return new Result(e, !echo.answered(), echo, echo.answered() ? "answered: " + echo : echo.toString());
            }
            Icmp.Echo echo = null;
            for (int i = 0; i < PING_ATTEMPTS; i++) {
                echo = Icmp.echo(h, e.target(), PING_WAIT);
                if (echo.answered()) {
                    break;
                }
                if (echo.detail().startsWith("not sent")) {
                    break; // the kernel refused: asking again gives the same answer
                }
            }
            return new Result(e, echo.answered(), echo, echo.answered() ? echo.toString()
                    : echo.detail() + (echo.detail().startsWith("not sent") ? "" : " (" + PING_ATTEMPTS + " echoes sent)"));
        }
    }

    private static Result connect(NetnsHandle h, Expectation e) {
        if (e.kind() == Expectation.Kind.NO_CONNECT) {
            TcpConnect.Attempt a = TcpConnect.connect(h, e.target(), e.port(), NO_CONNECT_WAIT);
            return new Result(e, !a.connected(), null, a.connected() ? "accepted: " + a.detail() : a.detail(), a);
        }
        TcpConnect.Attempt a = null;
        for (int i = 0; i < CONNECT_ATTEMPTS; i++) {
            a = TcpConnect.connect(h, e.target(), e.port(), CONNECT_WAIT);
            if (a.connected() || a.outcome() == TcpConnect.Outcome.TIMED_OUT) {
                break; // a timeout already waited long enough
            }
            try {
                Thread.sleep(200); // a refused connect comes back at once: give a starting server a moment
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Result(e, a.connected(), null, a.connected() ? a.detail()
                : a.detail() + (a.outcome() == TcpConnect.Outcome.TIMED_OUT ? "" : " (" + CONNECT_ATTEMPTS + " connects tried)"), a);
    }

    /** @return true when every result passed */
    public static boolean allPassed(List<Result> results) {
        return results.stream().allMatch(Result::passed);
    }
}
