package dev.nslab.trace;

import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Segments: sets of interfaces joined at layer 2 (the two ends of a veth, a bridge and its
 * ports), so that a frame sent on one reaches the others. A union-find over {@link End}s.
 */
public final class Segments {
    private final Network network;
    private final Map<End, End> parents = new HashMap<>();

    public Segments(Network network) {
        this.network = network;
    }

    /** Puts {@code a} and {@code b} in one segment. */
    public void join(End a, End b) {
        End ra = root(a);
        End rb = root(b);
        if (!ra.equals(rb)) {
            parents.put(ra, rb);
        }
    }

    /** Joins every bridge port in the network to its bridge. */
    public void joinBridgePorts() {
        for (String ns : network.names()) {
            LiveNamespace live = network.live(ns).orElseThrow();
            for (LiveLink l : live.links()) {
                if (l.masterIndex() != 0) {
                    live.link(l.masterIndex()).ifPresent(m -> join(new End(ns, l.name()), new End(ns, m.name())));
                }
            }
        }
    }

    /** The interface that stands for the segment of {@code e}: two ends are in one segment when their roots are equal. */
    public End root(End e) {
        End parent = parents.getOrDefault(e, e);
        if (parent.equals(e)) {
            return e;
        }
        End r = root(parent);
        parents.put(e, r);
        return r;
    }

    /** Every interface in the segment of {@code e}, {@code e} included. */
    public List<End> segmentOf(End e) {
        End r = root(e);
        List<End> out = new ArrayList<>();
        for (String ns : network.names()) {
            for (LiveLink l : network.live(ns).orElseThrow().links()) {
                End n = new End(ns, l.name());
                if (root(n).equals(r)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The interface in the segment of {@code from} that has {@code address}, other than {@code from}; null when none. */
    public End holder(End from, InetAddress address) {
        for (End n : segmentOf(from)) {
            if (n.equals(from)) {
                continue;
            }
            LiveNamespace v = network.live(n.ns()).orElseThrow();
            Optional<LiveLink> l = v.link(n.name());
            if (l.isPresent() && v.addressesOf(l.get().index()).stream()
                    .anyMatch(a -> a.prefix().address().equals(address) && !a.dadFailed())) {
                return n;
            }
        }
        return null;
    }
}
