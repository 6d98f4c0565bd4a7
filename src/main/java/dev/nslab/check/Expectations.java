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
 * ICMP echo ({@link Icmp}), all at once, each from inside its source namespace.
 */
public final class Expectations {
    /** A {@code ping} passes on the first of up to this many answered echoes. */
    static final int PING_ATTEMPTS = 3;
    public static final Duration PING_WAIT = Duration.ofSeconds(1);
    /** A {@code noPing} passes when one echo goes unanswered this long. */
    static final Duration NO_PING_WAIT = Duration.ofSeconds(1);

    private Expectations() {
    }

    /**
     * One expectation's outcome.
     *
     * @param echo   the last echo sent, or null when none could be (the namespace is missing)
     * @param detail what was seen, in words: "reply in 0.052 ms", "no reply within 1000 ms", ...
     */
    public record Result(Expectation expectation, boolean passed, Icmp.Echo echo, String detail) {
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
            out.add(o.failure() == null ? o.value()
                    : new Result(lab.expectations().get(i), false, null, "could not ping: " + o.failure().getMessage()));
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

    /** @return true when every result passed */
    public static boolean allPassed(List<Result> results) {
        return results.stream().allMatch(Result::passed);
    }
}
