package dev.nslab.live;

import dev.nslab.model.LiveState.LiveQdisc;
import dev.nslab.model.Shape;
import dev.nslab.netlink.TcEntry;
import dev.nslab.netlink.nl.Netem;
import dev.nslab.netlink.nl.Tbf;

import java.util.ArrayList;
import java.util.List;

/**
 * The root qdiscs of a qdisc dump, in the model's words: what a tbf or a netem does, as a
 * {@link Shape}, so that the planner compares it with the script's words without the codec.
 */
public final class LiveQdiscs {
    private LiveQdiscs() {
    }

    /** @return one entry per device that has a root qdisc in {@code dump} */
    public static List<LiveQdisc> roots(List<TcEntry> dump) {
        List<LiveQdisc> out = new ArrayList<>();
        for (TcEntry e : dump) {
            if (!e.isClass() && e.isRoot()) {
                long limit = e.options() instanceof Tbf t ? Integer.toUnsignedLong(t.limit())
                        : e.options() instanceof Netem n ? n.limit() : 0;
                out.add(new LiveQdisc(e.ifindex(), e.kind(), shapeOf(e), limit));
            }
        }
        return out;
    }

    /** A tbf as its rate and burst (its queue is the entry's limit); a netem as every word it carries. */
    static Shape shapeOf(TcEntry e) {
        if (e.options() instanceof Tbf t) {
            return Shape.NONE.withRate(t.rate() * 8).withBurst((long) t.burstBytes());
        }
        if (e.options() instanceof Netem n) {
            Shape s = Shape.NONE.withQueue(n.limit());
            if (n.delayNs() != 0 || n.jitterNs() != 0) {
                s = s.withDelay(n.delayNs() / 1000);
            }
            if (n.jitterNs() != 0) {
                s = s.withJitter(n.jitterNs() / 1000);
            }
            s = s.withLoss(percent(n.loss())).withDuplicate(percent(n.duplicate()))
                    .withCorrupt(percent(n.corrupt())).withReorder(percent(n.reorder()));
            if (n.rate() != null) {
                s = s.withRate(n.rate().rate() * 8);
            }
            return s;
        }
        return null;
    }

    private static Double percent(Netem.Chance c) {
        return c.probability() == 0 ? null : c.fraction() * 100;
    }
}
