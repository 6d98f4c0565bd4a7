package dev.nslab.apply;

import dev.nslab.netlink.Netlink;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;
import dev.nslab.netns.Pins;
import dev.nslab.netns.ProcNetDev;
import dev.nslab.netns.ProcessSignals;
import dev.nslab.netns.Processes;

import java.util.List;

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
 * veth ends it had in the calling thread's namespace are polled until they vanish
 * (docs/kernel-facts.md, "What holds a namespace alive", "Destruction is asynchronous").
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
        return removeAll(List.of(ns));
    }

    /** Waits until the links of this (the calling thread's) namespace whose veth peer was in {@code ns} are gone. */
    private static void waitUntilGone(String ns, List<String> witnesses) {
        long deadline = System.currentTimeMillis() + GONE_WAIT_MILLIS;
        while (!witnesses.isEmpty()) {
            List<String> names = ProcNetDev.linkNames();
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
            Timing.sleep(5);
        }
    }

    /**
     * Removes many namespaces as {@link #remove} removes one, with each /proc scan done once for
     * all of them: which hold processes, then what still pins them once unnamed. Then waits for
     * all of them to be destroyed together: the kernel tears down namespaces in batches, so
     * waiting for each in turn would serialise that work.
     *
     * @throws NamespacePinnedException naming every pin, when something else holds any of them
     */
    public static int removeAll(java.util.Collection<String> namespaces) {
        return removeAll(namespaces, () -> { });
    }

    /**
     * As {@link #removeAll(java.util.Collection)}, running {@code meanwhile} once the namespaces
     * are unnamed and unpinned, while the kernel destroys them: their destruction is
     * asynchronous, and work that does not need them gone (deleting the lab's bridge) overlaps it.
     */
    public static int removeAll(java.util.Collection<String> namespaces, Runnable meanwhile) {
        if (namespaces.isEmpty()) {
            meanwhile.run();
            return 0;
        }
        List<NetnsHandle> held = new java.util.ArrayList<>();
        try (Netlink here = Netlink.open()) {
            List<String> witnesses = new java.util.ArrayList<>();
            int stopped = 0;
            long t0 = System.nanoTime();
            try {
                for (String ns : namespaces) {
                    held.add(NamedNamespaces.open(ns));
                }
                java.util.Set<Integer> nsids = new java.util.HashSet<>();
                here.nsidsOf(held.stream().map(NetnsHandle::fd).toList()).forEach(id -> id.ifPresent(nsids::add));
                here.linkList().stream().filter(l -> l.linkNetnsId() != null && nsids.contains(l.linkNetnsId()))
                        .forEach(l -> witnesses.add(l.name()));
                t0 = Timing.phase("  opened, and their veth peers here found", t0);
                java.util.Set<String> occupied = Processes.occupied(namespaces);
                t0 = Timing.phase("  processes inside looked for", t0);
                for (NetnsHandle h : held) {
                    if (occupied.contains(h.name())) {
                        stopped += ProcessSignals.stopAll(h);
                    }
                    NamedNamespaces.delete(h.name());
                }
                t0 = Timing.phase("  processes stopped, names removed", t0);
                requireUnpinned(held);
                t0 = Timing.phase("  nothing else holds them", t0);
            } finally {
                held.forEach(NetnsHandle::close); // nslab's last references
            }
            meanwhile.run();
            t0 = Timing.phase("  meanwhile, the host's links removed", t0);
            waitUntilGone(String.join(", ", namespaces.size() > 5
                    ? List.of(dev.nslab.model.Counts.of(namespaces.size(), "namespace")) : List.copyOf(namespaces)), witnesses);
            Timing.phase("  the kernel destroyed them", t0);
            return stopped;
        }
    }

    private static void requireUnpinned(List<NetnsHandle> held) {
        long deadline = System.currentTimeMillis() + PIN_WAIT_MILLIS;
        while (true) {
            var pins = Pins.of(held);
            if (pins.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                var first = pins.entrySet().iterator().next();
                throw new NamespacePinnedException(first.getKey(), first.getValue());
            }
            Timing.sleep(20);
        }
    }
}
