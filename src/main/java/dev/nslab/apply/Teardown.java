package dev.nslab.apply;

import dev.nslab.model.Namespace;
import dev.nslab.model.Ownership;
import dev.nslab.netlink.Batch;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.Outcome;
import dev.nslab.netlink.Requests;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.ProcNetDev;
import dev.nslab.sys.Errno;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code down}: removes what the journal says the lab made, and nothing else. Uplinks are given
 * back first, then the lab's processes stopped, its namespaces removed while its host links are
 * deleted, and the call returns once the kernel has destroyed what went with the namespaces
 * (docs/kernel-facts.md, "Destruction is asynchronous").
 */
final class Teardown {
    private static final long GONE_TIMEOUT_MILLIS = 10_000;

    private Teardown() {
    }

    /** Removes what the lab made, and nothing else. Returns the number of objects removed. */
    static int down(String labName) {
        try (Journal journal = Journal.open(labName); Session s = new Session()) {
            Ownership owned = journal.ownership();
            long t0 = System.nanoTime();
            int removed = Uplinks.giveBack(journal.uplinks(), journal, s);
            Spawns.stop(labName);
            Netlink host = s.netlink(Namespace.HOST);
            // A veth whose other end lives in a lab namespace goes with that namespace, and the
            // kernel unregisters a whole namespace's devices in one batch: far faster than
            // deleting host ends one by one (each waits for an RCU grace period;
            // docs/kernel-facts.md, "Destruction is asynchronous").
            List<String> hostLinks = new ArrayList<>();
            for (LinkEntry l : host.linkList()) {
                boolean owns = owned.hostLinks().contains(l.name())
                        && (owned.aliasTag().equals(l.alias()) || l.alias() == null);
                boolean goesWithNamespace = "veth".equals(l.kind()) && l.linkNetnsId() != null;
                if (owns && !goesWithNamespace) {
                    hostLinks.add(l.name());
                }
            }
            List<String> present = NamedNamespaces.list();
            List<String> toRemove = owned.namespaces().stream().filter(present::contains).toList();
            toRemove.forEach(s::release);
            t0 = Timing.phase("down: uplinks given back, links listed", t0);
            int[] hostRemoved = {0};
            // The host's links (bridges, veths with both ends here) go while the kernel destroys
            // the namespaces: their destruction is asynchronous, and this overlaps it.
            NamespaceRemover.removeAll(toRemove, () -> hostRemoved[0] = removeHostLinks(labName, host, hostLinks));
            removed += toRemove.size() + hostRemoved[0];
            t0 = Timing.phase("down: " + toRemove.size() + " namespaces and " + hostLinks.size() + " host links removed", t0);
            waitUntilGone(owned.hostLinks());
            Timing.phase("down: waited until the kernel had destroyed every veth", t0);
            journal.delete();
            return removed;
        }
    }

    /** Deletes host links in one batch (ENODEV: already gone); returns how many it deleted. */
    private static int removeHostLinks(String labName, Netlink host, List<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        int removed = 0;
        Batch<String> b = host.batch();
        names.forEach(n -> b.add(Requests.linkDel(LinkRef.byName(n)), n));
        for (Outcome<String> o : b.execute().outcomes()) {
            if (o.ok()) {
                removed++;
            } else if (o.errno() != Errno.ENODEV.number) {
                throw new ApplyException("lab " + labName + ": " + o);
            }
        }
        return removed;
    }

    /** Virtual links die asynchronously after their namespace; wait until the host no longer shows them. */
    private static void waitUntilGone(Set<String> names) {
        long deadline = System.currentTimeMillis() + GONE_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            // Polled from /proc, not with link dumps, which slow the kernel's teardown
            // (docs/kernel-facts.md, "Destruction is asynchronous").
            List<String> present = ProcNetDev.linkNames().stream().filter(names::contains).toList();
            if (present.isEmpty()) {
                return;
            }
            Timing.sleep(5);
        }
        throw new ApplyException("links still present 10 s after their namespaces were removed: " + names);
    }
}
