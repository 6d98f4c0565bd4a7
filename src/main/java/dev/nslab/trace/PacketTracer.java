package dev.nslab.trace;

import dev.nslab.model.Addresses;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.LiveState.LiveRoute;
import dev.nslab.model.Namespace;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a ping hop by hop through the live routes, both ways, as the kernel would forward it
 * (docs/kernel-facts.md, "Forwarding"), and names the first place it would be lost: no address
 * to send from, no route, nobody on the segment with the next hop, forwarding off, rp_filter
 * dropping a packet that arrives on another link than the route back leaves by, or a loop.
 * Reads only the {@link Network} it is given; does no I/O.
 */
public final class PacketTracer {
    private static final int MAX_HOPS = 16;
    private final Network network;
    private final Segments segments;
    private final Set<End> broken;
    private final java.util.function.Function<End, String> egress;

    /**
     * @param broken interfaces that carry no traffic for a reason reported elsewhere (down, no
     *               carrier, a port STP keeps closed): a packet that meets one is lost without a {@link Loss}
     */
    public PacketTracer(Network network, Segments segments, Set<End> broken) {
        this(network, segments, broken, end -> null);
    }

    /**
     * @param egress why an interface keeps a ping from leaving, from its declared shaping (a loss
     *               of 100%, a rate too slow for one echo in the time a check waits); null when it lets it go
     */
    public PacketTracer(Network network, Segments segments, Set<End> broken, java.util.function.Function<End, String> egress) {
        this.network = network;
        this.segments = segments;
        this.broken = broken;
        this.egress = egress;
    }

    /** The sysctl that lets a namespace forward IPv4, or with {@code v6} IPv6, between its links. */
    public static String forwardingSysctl(boolean v6) {
        return v6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward";
    }

    /** Where a packet arrived, and the source address it carried. */
    private record Trace(String ns, InetAddress source) {
    }

    /**
     * Why a ping from {@code from} to {@code target}, or its reply, is lost; empty when both
     * arrive, or when one meets a namespace or an interface that is missing or broken.
     */
    public Optional<Loss> ping(String from, InetAddress target) {
        String what = "ping '" + from + "' to " + Addresses.format(target) + ": ";
        List<Loss> lost = new ArrayList<>(1);
        Trace there = trace(what, from, null, target, false, lost);
        if (there != null) {
            trace(what, there.ns, target, there.source, true, lost);
        }
        return lost.stream().findFirst();
    }

    /** Follows a packet; returns where it arrived, or null when it is lost (adding to {@code lost} when a reason is to be told). */
    private Trace trace(String what, String ns, InetAddress source, InetAddress dst, boolean reply, List<Loss> lost) {
        String leg = reply ? "the reply " : "";
        boolean v6 = dst instanceof Inet6Address;
        End ingress = null;
        InetAddress src = source;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Optional<LiveNamespace> maybe = network.live(ns);
            if (maybe.isEmpty()) {
                return null;
            }
            LiveNamespace view = maybe.get();
            if (isLocal(view, dst)) {
                return new Trace(ns, src);
            }
            if (ingress != null && network.sysctl(ns, forwardingSysctl(v6)) == 0) {
                lost.add(new Loss.ForwardingOff(ns, v6, "the way of " + what.substring(0, what.length() - 2)
                        + (reply ? ", for the reply" : "") + " goes through it"));
                return null;
            }
            LiveRoute route = lookup(view, dst);
            if (route == null) {
                lost.add(new Loss.NoRoute(what, ns, dst, reply, suggestRoute(ns, dst)));
                return null;
            }
            Optional<LiveLink> out = view.link(route.oif());
            if (out.isEmpty()) {
                return null;
            }
            End outEnd = new End(ns, out.get().name());
            if (broken.contains(outEnd)) {
                return null;
            }
            String held = egress.apply(outEnd);
            if (held != null) {
                lost.add(new Loss.Stated(what + leg + "leaves through " + outEnd + ", " + held));
                return null;
            }
            if (src == null) {
                src = sourceFor(view, out.get(), v6);
                if (src == null) {
                    lost.add(new Loss.Stated(what + Namespace.describe(ns) + " has no " + (v6 ? "IPv6" : "IPv4")
                            + " address to send from: give " + out.get().name() + " one"));
                    return null;
                }
            }
            InetAddress nextHop = route.gateway() != null ? route.gateway() : dst;
            End next = segments.holder(outEnd, nextHop);
            if (next == null) {
                lost.add(new Loss.Stated(what + (route.gateway() != null
                        ? leg + "goes to the gateway " + Addresses.format(nextHop) + " of " + Namespace.describe(ns)
                          + ", but no interface on the segment of " + outEnd + " has that address: correct the route"
                        : "no interface on the segment of " + outEnd + " has " + Addresses.format(nextHop)
                          + (reply ? " (the way back)" : "") + ": correct the address, or the route")));
                return null;
            }
            if (broken.contains(next)) {
                return null;
            }
            if (!v6) {
                Loss dropped = rpFilterDrops(what, next, src, reply);
                if (dropped != null) {
                    lost.add(dropped);
                    return null;
                }
            }
            ns = next.ns();
            ingress = next;
        }
        lost.add(new Loss.Stated(what + leg + "goes round in a loop (more than " + MAX_HOPS + " hops): correct the routes"));
        return null;
    }

    /** Why reverse-path filtering in the namespace of {@code arrival} drops a packet from {@code src}; null when it lets it in. */
    private Loss rpFilterDrops(String what, End arrival, InetAddress src, boolean reply) {
        LiveNamespace view = network.live(arrival.ns()).orElseThrow();
        int rp = Math.max(network.sysctl(arrival.ns(), "net.ipv4.conf.all.rp_filter"),
                network.sysctl(arrival.ns(), "net.ipv4.conf." + arrival.name() + ".rp_filter"));
        if (rp == 0) {
            return null;
        }
        LiveRoute back = lookup(view, src);
        Optional<LiveLink> in = view.link(arrival.name());
        if (in.isEmpty()) {
            return null;
        }
        boolean drops = rp == 1 ? back == null || back.oif() != in.get().index() : back == null;
        if (!drops) {
            return null;
        }
        String backDev = back == null ? null : view.link(back.oif()).map(LiveLink::name).orElse("?");
        return new Loss.Stated(what + Namespace.describe(arrival.ns()) + " drops " + (reply ? "the reply" : "the packets") + " from "
                + Addresses.format(src) + " arriving on " + arrival.name() + ": rp_filter is " + rp
                + (rp == 1 ? " (strict)" : " (loose)")
                + (back == null ? " and it has no route back to " + Addresses.format(src)
                : " and its route back to " + Addresses.format(src) + " leaves by " + backDev)
                + "; set sysctl 'net.ipv4.conf.all.rp_filter' and 'net.ipv4.conf." + arrival.name()
                + ".rp_filter' to 2 (loose) or 0, or make the routes symmetric");
    }

    private static boolean isLocal(LiveNamespace view, InetAddress dst) {
        if (dst.isLoopbackAddress()) {
            return true;
        }
        return view.addresses().stream().anyMatch(a -> a.prefix().address().equals(dst) && !a.dadFailed());
    }

    /** Longest-prefix match over the main table, as the kernel does it (without rules and metrics). */
    private static LiveRoute lookup(LiveNamespace view, InetAddress dst) {
        LiveRoute best = null;
        for (LiveRoute r : view.routes()) {
            if (r.destination().contains(dst) && (best == null || r.destination().length() > best.destination().length())) {
                best = r;
            }
        }
        return best;
    }

    private static InetAddress sourceFor(LiveNamespace view, LiveLink out, boolean v6) {
        List<LiveAddress> all = view.addresses();
        for (List<LiveAddress> pool : List.of(view.addressesOf(out.index()), all)) {
            for (LiveAddress a : pool) {
                if ((a.prefix().address() instanceof Inet6Address) == v6 && !a.isLinkLocal()
                        && !a.prefix().address().isLoopbackAddress() && !a.dadFailed()) {
                    return a.prefix().address();
                }
            }
        }
        return null;
    }

    /** "add route 'default' via 'G' in namespace('ns')", with G a router next to {@code ns} when there is one. */
    private String suggestRoute(String ns, InetAddress dst) {
        boolean v6 = dst instanceof Inet6Address;
        LiveNamespace view = network.live(ns).orElseThrow();
        for (LiveLink l : view.links()) {
            for (End n : segments.segmentOf(new End(ns, l.name()))) {
                if (n.ns().equals(ns)) {
                    continue;
                }
                LiveNamespace other = network.live(n.ns()).orElseThrow();
                long addressed = other.links().stream().filter(x -> !"loopback".equals(x.kind()))
                        .filter(x -> other.addressesOf(x.index()).stream().anyMatch(a -> !a.isLinkLocal())).count();
                Optional<LiveLink> nl = other.link(n.name());
                if (addressed < 2 || nl.isEmpty()) {
                    continue;
                }
                for (LiveAddress a : other.addressesOf(nl.get().index())) {
                    if ((a.prefix().address() instanceof Inet6Address) == v6 && !a.isLinkLocal()) {
                        return "add route 'default' via '" + Addresses.format(a.prefix().address()) + "'"
                                + (Namespace.isHost(ns) ? "" : " in namespace('" + ns + "')") + " (the router " + n + ")";
                    }
                }
            }
        }
        return "add a route to it" + (Namespace.isHost(ns) ? "" : " in namespace('" + ns + "')") + " via a router on one of its links";
    }
}
