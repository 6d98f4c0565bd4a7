package dev.nslab.apply;

import dev.nslab.model.Bridge;
import dev.nslab.model.Namespace;
import dev.nslab.netlink.Batch;
import dev.nslab.netlink.BatchResult;
import dev.nslab.netlink.Outcome;
import dev.nslab.netns.Faults;
import dev.nslab.plan.Change;
import dev.nslab.sys.Errno;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a phase's batches and reads what the kernel answered to each step: the first refusal
 * becomes an {@link ApplyException} with the step's line, command and the kernel's words, and
 * lost answers a {@link StateUnknownException} (the run is then not undone).
 */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * Sends each namespace's batch, several at once (see {@link Batch#executeAll}); returns how
     * many requests were sent.
     *
     * @param removal a removal that finds its object already gone (ENODEV, ESRCH, EADDRNOTAVAIL)
     *                has converged by itself, and is no failure
     */
    static int run(Map<String, Batch<Change>> batches, boolean removal) {
        Map<String, BatchResult<Change>> results = executeAll(batches);
        int sent = 0;
        for (var e : batches.entrySet()) {
            Batch<Change> b = e.getValue();
            BatchResult<Change> result = results.get(e.getKey());
            if (result == null) {
                continue;
            }
            sent += b.size();
            check(e.getKey(), b, result, removal);
        }
        return sent;
    }

    private static void check(String namespace, Batch<Change> b, BatchResult<Change> result, boolean removal) {
        int unknown = 0;
        int notSent = 0;
        Outcome<Change> firstUnknown = null;
        for (Outcome<Change> o : result.outcomes()) {
            if (o.status() == Outcome.Status.FAILED && removal && (o.errno() == Errno.ENODEV.number
                    || o.errno() == Errno.ESRCH.number || o.errno() == Errno.EADDRNOTAVAIL.number)) {
                continue; // already gone: removal converged by itself (docs/kernel-facts.md, "Netlink")
            }
            if (o.status() == Outcome.Status.UNKNOWN) {
                unknown++;
                firstUnknown = firstUnknown == null ? o : firstUnknown;
            } else if (o.status() == Outcome.Status.NOT_SENT) {
                notSent++; // after lost acks the batch stops sending: the state is unknown
            } else if (!o.ok()) {
                throw new ApplyException(o.tag(), o.request().command(), o.toException().getMessage() + hint(o), o.toException());
            }
        }
        if (unknown > 0 || notSent > 0) {
            Outcome<Change> first = firstUnknown != null ? firstUnknown
                    : result.outcomes().stream().filter(o -> o.status() == Outcome.Status.NOT_SENT).findFirst().orElseThrow();
            Change c = first.tag();
            String where = c != null && c.location() != null ? c.location() + ": " : "";
            throw new StateUnknownException(where + "the kernel's answers to " + unknown + " of " + b.size()
                    + " requests in " + Namespace.describe(namespace) + " were lost (ENOBUFS), from '"
                    + first.request().command() + "' on" + (notSent > 0 ? ", and the " + notSent + " after them were not sent" : "")
                    + ": the lost ones may or may not have been applied, so the lab is partly applied and was left"
                    + " as it is; run up again to converge");
        }
    }

    private static Map<String, BatchResult<Change>> executeAll(Map<String, Batch<Change>> batches) {
        List<Map.Entry<String, Batch<Change>>> work = batches.entrySet().stream().filter(e -> !e.getValue().isEmpty()).toList();
        Map<Batch<Change>, String> namespaceOf = new IdentityHashMap<>();
        work.forEach(e -> namespaceOf.put(e.getValue(), e.getKey()));
        List<BatchResult<Change>> results = Batch.executeAll(work.stream().map(Map.Entry::getValue).toList(),
                b -> Faults.point(b.size() + " requests in " + namespaceOf.get(b)));
        Map<String, BatchResult<Change>> byNamespace = new HashMap<>();
        for (int i = 0; i < work.size(); i++) {
            byNamespace.put(work.get(i).getKey(), results.get(i));
        }
        return byNamespace;
    }

    /** What to do about a refusal, where the errno alone says it. */
    private static String hint(Outcome<?> o) {
        if (o.errno() == Errno.EEXIST.number) {
            return "; something else already holds that name or address";
        }
        if (o.errno() == Errno.EOPNOTSUPP.number) {
            return "; this kernel lacks that link kind";
        }
        if (o.errno() == Errno.EXFULL.number) {
            return "; a Linux bridge takes at most " + Bridge.MAX_PORTS + " ports: spread them over several bridges";
        }
        return "";
    }
}
