package dev.nslab.apply;

import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.Netlink;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;
import dev.nslab.netns.Processes;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Removes a namespace so that nothing is lost: stops every process with a thread inside it,
 * removes its name, makes sure nothing else holds it, and waits until it is really destroyed.
 * <p>
 * {@code ip netns del} alone only removes the name: a process still inside (or an fd, a socket
 * or a copy of the mount elsewhere) keeps the namespace alive, anonymous, with its links and any
 * physical device in it. So: (1) every process with a thread inside is stopped through pidfds,
 * TERM then KILL; (2) the name is unmounted and unlinked; (3) while nslab still holds its own fd
 * (so the identity is certain), every other holder is looked for: threads, nsfs fds, nsfs
 * mounts in other mount namespaces, sockets made inside it; if one remains after a short wait,
 * removal fails naming it; (4) the namespace dies once nslab closes its fd, asynchronously: the
 * veth ends it had in the calling thread's namespace are polled until they vanish.
 */
public final class NamespaceRemover {
    private static final long PIN_WAIT_MILLIS = 2_000;
    private static final long GONE_WAIT_MILLIS = 10_000;

    private NamespaceRemover() {
    }

    /**
     * Stops its processes, deletes the named namespace and waits until it is destroyed.
     * <p>Equivalent to: {@code ip netns pids NS | xargs kill; ip netns del NS}, then waiting until
     * its veth peers are gone.
     *
     * @return how many processes were stopped
     * @throws NamespacePinnedException when something else still holds the namespace
     */
    public static int remove(String ns) {
        try (Netlink here = Netlink.open()) {
            List<String> witnesses;
            int stopped;
            try (NetnsHandle held = NamedNamespaces.open(ns)) {
                witnesses = peersOf(here, held);
                stopped = Processes.stopAll(held);
                NamedNamespaces.delete(ns);
                requireUnpinned(ns, held);
            } // closing 'held' drops nslab's last reference
            waitUntilGone(ns, here, witnesses);
            return stopped;
        }
    }

    /** The links of this (the calling thread's) namespace whose veth peer is in {@code target}. */
    private static List<String> peersOf(Netlink here, NetnsHandle target) {
        OptionalInt nsid = here.nsidOf(target.fd());
        if (nsid.isEmpty()) {
            return List.of();
        }
        return here.linkList().stream().filter(l -> l.linkNetnsId() != null && l.linkNetnsId() == nsid.getAsInt())
                .map(LinkEntry::name).toList();
    }

    private static void requireUnpinned(String ns, NetnsHandle held) {
        long deadline = System.currentTimeMillis() + PIN_WAIT_MILLIS;
        while (true) {
            List<Processes.Pin> pins = Processes.pins(held);
            if (pins.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new NamespacePinnedException(ns, pins);
            }
            Applier.sleep(20);
        }
    }

    private static void waitUntilGone(String ns, Netlink here, List<String> witnesses) {
        long deadline = System.currentTimeMillis() + GONE_WAIT_MILLIS;
        while (!witnesses.isEmpty()) {
            List<String> names = here.linkList().stream().map(LinkEntry::name).collect(Collectors.toList());
            witnesses = witnesses.stream().filter(names::contains).toList();
            if (witnesses.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new ApplyException("namespace " + ns + " is still alive " + GONE_WAIT_MILLIS / 1000
                        + " s after its name was removed (its veth peers " + witnesses + " still exist here), yet no"
                        + " process, fd, mount or socket visible in /proc holds it: a kernel reference (such as a"
                        + " socket passed over a unix socket and not yet received) may; the links go when it drops");
            }
            Applier.sleep(5);
        }
    }
}
