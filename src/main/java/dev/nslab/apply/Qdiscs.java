package dev.nslab.apply;

import dev.nslab.model.Namespace;
import dev.nslab.model.Shape;
import dev.nslab.netlink.Batch;
import dev.nslab.netlink.BatchResult;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.Outcome;
import dev.nslab.netlink.Request;
import dev.nslab.netlink.TcRequests;
import dev.nslab.netlink.nl.Netem;
import dev.nslab.netlink.nl.Tbf;
import dev.nslab.netlink.nl.Tc;
import dev.nslab.netlink.nl.TcOptions;
import dev.nslab.plan.Change;
import dev.nslab.plan.IpText;
import dev.nslab.plan.Plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Shaping, from the plan's qdisc steps to the kernel: the translation of a {@link Shape} into
 * the options of a tbf or a netem, and their execution, one batch per namespace, every batch
 * sent at once. Runs after the links are up, as the plan orders it.
 */
public final class Qdiscs {
    private Qdiscs() {
    }

    /** How the applier finds a link's ifindex in a namespace (it knows the ones it just made). */
    public interface Indexes {
        int of(String namespace, String dev, Change cause);
    }

    /**
     * The qdisc that carries {@code shape}: a netem when a netem word is said (with netem's own
     * rate when rate is said too), else a tbf.
     * <p>Equivalent to the arguments of {@link Shape#tcArguments()}
     */
    public static TcOptions options(Shape shape) {
        if (shape.needsNetem()) {
            Netem n = Netem.DEFAULT.withLimit(shape.netemLimit());
            if (shape.delay() != null || shape.jitter() != null) {
                n = n.withDelay(nanos(shape.delay()), nanos(shape.jitter()), 0);
            }
            if (shape.loss() != null) {
                n = n.withLoss(Netem.Chance.percent(shape.loss(), 0));
            }
            if (shape.duplicate() != null) {
                n = n.withDuplicate(Netem.Chance.percent(shape.duplicate(), 0));
            }
            if (shape.reorder() != null) {
                n = n.withReorder(Netem.Chance.percent(shape.reorder(), 0));
            }
            if (shape.corrupt() != null) {
                n = n.withCorrupt(Netem.Chance.percent(shape.corrupt(), 0));
            }
            if (shape.rate() != null) {
                n = n.withRate(shape.rate() / 8);
            }
            return n;
        }
        long bytesPerSecond = shape.rate() / 8;
        int burst = (int) Math.min(Integer.MAX_VALUE, shape.tbfBurst());
        return shape.tbfLimit() != null
                ? Tbf.withLimit(bytesPerSecond, burst, (int) Math.min(Integer.MAX_VALUE, shape.tbfLimit()))
                : Tbf.of(bytesPerSecond, burst, (int) Math.min(Integer.MAX_VALUE, shape.tbfLatency()));
    }

    /** The request of one step, for the link of ifindex {@code index}. */
    public static Request request(Change.QdiscChange c, int index) {
        LinkRef ref = LinkRef.byIndex(index, c.dev());
        if (c instanceof Change.QdiscReplace r) {
            return TcRequests.qdiscReplace(ref, Tc.TC_H_ROOT, 0, options(r.shape()));
        }
        return TcRequests.qdiscDel(ref, Tc.TC_H_ROOT, 0);
    }

    /**
     * Carries out the plan's qdisc steps, one batch per namespace; returns the number of requests.
     *
     * @throws ApplyException at the first refused step, led by its script line; a qdisc kind this
     *                        kernel lacks is named with its module
     */
    public static int apply(Plan plan, Function<String, Netlink> netlinks, Indexes indexes) {
        Map<String, Batch<Change>> batches = new LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (c instanceof Change.QdiscChange q) {
                batches.computeIfAbsent(q.namespace(), ns -> netlinks.apply(ns).batch())
                        .add(request(q, indexes.of(q.namespace(), q.dev(), q)), q);
            }
        }
        if (batches.isEmpty()) {
            return 0;
        }
        List<Batch<Change>> all = new ArrayList<>(batches.values());
        List<BatchResult<Change>> results = Batch.executeAll(all, b -> { });
        int requests = 0;
        for (BatchResult<Change> result : results) {
            for (Outcome<Change> o : result.outcomes()) {
                requests++;
                if (!o.ok()) {
                    throw failure(o);
                }
            }
        }
        return requests;
    }

    private static RuntimeException failure(Outcome<Change> o) {
        Change.QdiscChange c = (Change.QdiscChange) o.tag();
        String where = c.location() == null ? "" : c.location() + ": ";
        String line = IpText.command(c);
        if (o.isUnknownQdiscKind() && c instanceof Change.QdiscReplace r) {
            String kind = r.shape().qdisc();
            return new ApplyException(where + "this kernel has no " + kind + " qdisc (kernel module sch_" + kind + "): '"
                    + line + "' was refused: " + o.kernelMessage() + ". Load it (modprobe sch_" + kind
                    + "), or use a kernel built with it" + (kind.equals("netem")
                    ? "; rate alone needs no netem (a tbf)" : ""), o.toException());
        }
        if (o.status() == Outcome.Status.FAILED) {
            return new ApplyException(where + "'" + line + "' failed: " + o.toException().getMessage(), o.toException());
        }
        return new StateUnknownException(where + "the kernel's answer to '" + line + "' was lost: it may or may not"
                + " have been applied; run up again to converge");
    }

    private static long nanos(Long micros) {
        return micros == null ? 0 : micros * 1000;
    }
}
