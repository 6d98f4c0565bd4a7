package dev.nslab.plan;

import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.LiveState.LiveQdisc;
import dev.nslab.model.Namespace;
import dev.nslab.model.Shape;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shaping part of the plan: each end's declared {@link Shape} against its live root qdisc.
 * A qdisc that already does what the words say is left alone (a re-run writes nothing); one that
 * does something else is replaced, alone, never the link; a tbf or netem on a lab link that the
 * script no longer shapes is removed. An uplink's qdisc is the lab's only while it shapes it:
 * {@code down} gives back the one it had.
 */
final class Shaping {
    private Shaping() {
    }

    /** @param recreated "ns/name" of the ends the plan makes anew: they have the kernel's default qdisc */
    static void plan(Topology lab, Map<String, LiveNamespace> liveNs, Set<String> recreated, List<Change> out) {
        for (Link link : lab.links()) {
            for (LinkAttrs end : link.ends()) {
                LiveNamespace lns = liveNs.get(end.namespace());
                Optional<LiveLink> current = recreated.contains(end.namespace() + "/" + end.name())
                        ? Optional.empty() : lns.link(end.name());
                decide(end.namespace(), end.name(), end.shape(), current.flatMap(l -> lns.rootQdisc(l.index())),
                        true, end.location(), out);
            }
        }
        for (Uplink u : lab.uplinks()) {
            LiveNamespace lns = liveNs.get(u.namespace());
            Optional<LiveQdisc> q = lns.link(u.name()).flatMap(l -> lns.rootQdisc(l.index()));
            decide(u.namespace(), u.name(), u.shape(), q, !Namespace.isHost(u.namespace()), u.location(), out);
        }
    }

    private static void decide(String ns, String dev, Shape shape, Optional<LiveQdisc> live, boolean ours,
                               SourceLocation location, List<Change> out) {
        if (shape.isNone()) {
            if (ours && live.isPresent() && live.get().isShaping()) {
                out.add(new Change.QdiscDel(ns, dev, live.get().kind(), location));
            }
            return;
        }
        if (live.isPresent() && installed(shape, live.get())) {
            return;
        }
        String replaced = live.map(LiveQdisc::kind).filter(k -> !k.equals("noqueue")).orElse(null);
        out.add(new Change.QdiscReplace(ns, dev, shape, replaced, location));
    }

    /**
     * @return whether {@code live} does what {@code wanted} says: same kind and numbers, a tbf's
     *         burst and limit within the rounding of the kernel's ticks, rates as whole bytes per
     *         second (what the kernel keeps)
     */
    static boolean installed(Shape wanted, LiveQdisc live) {
        Shape have = live.shape();
        if (have == null || !live.kind().equals(wanted.qdisc())) {
            return false;
        }
        if (live.kind().equals("tbf")) {
            long rate = wanted.rate() / 8;
            long limit = wanted.tbfLimit() != null ? wanted.tbfLimit()
                    : (long) (rate * (double) wanted.tbfLatency() / 1_000_000 + wanted.tbfBurst());
            return rate == have.rate() / 8 && near(wanted.tbfBurst(), have.burst()) && near(limit, live.limit());
        }
        return time(wanted.delay()) == time(have.delay()) && time(wanted.jitter()) == time(have.jitter())
                && samePercent(wanted.loss(), have.loss()) && samePercent(wanted.duplicate(), have.duplicate())
                && samePercent(wanted.corrupt(), have.corrupt()) && samePercent(wanted.reorder(), have.reorder())
                && Objects.equals(wanted.rate() == null ? null : wanted.rate() / 8, have.rate() == null ? null : have.rate() / 8)
                && wanted.netemLimit() == live.limit();
    }

    private static boolean near(long a, long b) {
        return Math.abs(a - b) <= Math.max(2, a / 100);
    }

    private static long time(Long micros) {
        return micros == null ? 0 : micros;
    }

    /** The kernel keeps a probability as a 32-bit fraction: equal within its step. */
    private static boolean samePercent(Double a, Double b) {
        return Math.abs((a == null ? 0 : a) - (b == null ? 0 : b)) < 1e-6;
    }
}
