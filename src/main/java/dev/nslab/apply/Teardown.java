package dev.nslab.apply;

import dev.nslab.model.Counts;
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
import dev.nslab.state.Claims;
import dev.nslab.state.Journal;
import dev.nslab.state.LabLock;
import dev.nslab.sys.Errno;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code down}: removes what the journal says the lab made, and nothing else. Uplinks are given
 * back first, then the lab's processes stopped, its namespaces removed while its host links are
 * deleted, and the call returns once the kernel has destroyed what went with the namespaces
 * (docs/kernel-facts.md, "Destruction is asynchronous").
 */
final class Teardown {
    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);
    private static final long GONE_TIMEOUT_MILLIS = 10_000;

    private Teardown() {
    }

    /**
     * Removes what the lab made, and nothing else, waiting up to {@code wait} for another run of
     * the lab to finish. A name in the journal is not proof: a namespace goes only while it is
     * the one the lab made (its recorded identity), a host link only while it carries the lab's
     * mark (its alias); anything else the journal names is left, with a warning. Returns the
     * number of objects removed.
     */
    static int down(String labName, Duration wait) {
        try (LabLock lock = LabLock.acquire(labName, wait); Session s = new Session()) {
            Journal journal = lock.journal();
            Claims claims = journal.claims();
            Ownership owned = claims.owned();
            long t0 = System.nanoTime();
            int removed = Uplinks.giveBack(journal.uplinks(), journal, s);
            Spawns.stop(labName);
            Netlink host = s.netlink(Namespace.HOST);
            // A veth whose other end lives in a lab namespace goes with that namespace, and the
            // kernel unregisters a whole namespace's devices in one batch: far faster than
            // deleting host ends one by one (each waits for an RCU grace period).
            List<String> hostLinks = new ArrayList<>();
            Set<String> ours = new HashSet<>();
            for (LinkEntry l : host.linkList()) {
                if (!owned.hostLinks().contains(l.name())) {
                    continue;
                }
                if (!owned.aliasTag().equals(l.alias())) {
                    LOG.warn("link {} is named by the journal of lab {} but does not carry its mark (alias {}): left as it is"
                            + " (ip link del {} removes it, if it is yours to remove)", l.name(), labName, owned.aliasTag(), l.name());
                    continue;
                }
                ours.add(l.name());
                boolean goesWithNamespace = "veth".equals(l.kind()) && l.linkNetnsId() != null;
                if (!goesWithNamespace) {
                    hostLinks.add(l.name());
                }
            }
            claims.notMade().forEach(ns -> LOG.warn(claims.whyLeft(ns)));
            for (String ns : claims.placeholders()) {
                NamedNamespaces.delete(ns); // a run killed between the placeholder and its bind left it
                removed++;
            }
            List<String> present = NamedNamespaces.list();
            List<String> toRemove = owned.namespaces().stream().filter(present::contains).toList();
            toRemove.forEach(s::release);
            t0 = Timing.phase("down: uplinks given back, links listed", t0);
            int[] hostRemoved = {0};
            // The host's links (bridges, veths with both ends here) go while the kernel destroys
            // the namespaces: their destruction is asynchronous, and this overlaps it.
            NamespaceRemover.removeAll(toRemove, () -> hostRemoved[0] = removeHostLinks(labName, host, hostLinks));
            Hosts.removeAll(owned.namespaces());
            removed += toRemove.size() + hostRemoved[0];
            t0 = Timing.phase("down: " + Counts.of(toRemove.size(), "namespace") + " and " + Counts.of(hostLinks.size(), "host link")
                    + " removed", t0);
            waitUntilGone(ours);
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
    private static void waitUntilGone(Collection<String> names) {
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
