// Builds or removes "star N" (../shared/bench-peers/README.md) through nslab's Java API, the way
// the C reference does: namespaces made with a netlink socket opened inside each, one batch in
// the host (bridge + every veth, each peer created directly in its namespace), then one batch per
// namespace (lo up, address, peer up), several namespaces at once (Batch.executeAll).
// Prints NSLAB_INTERNAL_SECONDS (JVM start-up excluded).
// Run: bench/nslab-api setup|teardown N   ("train": setup and teardown of star 2 in one JVM,
// which is how bench/nslab-api prepare records the classes a run loads into a CDS archive)

import dev.nslab.netlink.Batch;
import dev.nslab.netlink.BatchResult;
import dev.nslab.netlink.nl.LinkKind;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NewLink;
import dev.nslab.netlink.Requests;
import dev.nslab.netns.NamedNamespaces;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

public class StarApi {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        String warmup = System.getenv("STAR_WARMUP");
        if (warmup != null && args[0].equals("setup")) {
            warmUp(Integer.parseInt(warmup));
        }
        long t0 = System.nanoTime();
        if (args[0].equals("train")) {
            setup("pb", n);
            teardown("pb", n);
        } else if (args[0].equals("setup")) {
            setup("pb", n);
        } else {
            teardown("pb", n);
        }
        System.err.printf("NSLAB_INTERNAL_SECONDS=%.4f%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * STAR_WARMUP=K: before the measured setup, build and remove a star of K under other names
     * (wuI, wubr0), and wait until the kernel has destroyed it, so the measured run finds a warm
     * JVM (classes loaded, code compiled), as a test suite's second lab does, and an idle kernel.
     */
    static void warmUp(int k) throws Exception {
        setup("wu", k);
        teardown("wu", k);
        try (Netlink host = Netlink.open()) {
            while (host.linkList().stream().anyMatch(l -> l.name().startsWith("wuv"))) {
                Thread.sleep(5);
            }
        }
        Thread.sleep(Long.getLong("star.settle.ms", 1500));
    }

    static void setup(String prefix, int n) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add(prefix + i);
        }
        long p0 = System.nanoTime();
        var created = NamedNamespaces.createAll(names, name -> Netlink.open());
        phase("namespaces", p0);
        p0 = System.nanoTime();
        try (Netlink host = Netlink.open()) {
            int bridgeIndex = host.linkList().stream().mapToInt(l -> l.index()).max().orElse(1) + 1;
            Batch<Void> root = host.batch();
            root.add(Requests.linkAdd(NewLink.of(prefix + "br0", new LinkKind.Bridge(null, null)).withIndex(bridgeIndex).up(true)));
            for (int i = 1; i <= n; i++) {
                int fd = created.get(i - 1).handle().fd();
                root.add(Requests.linkAdd(NewLink.of(prefix + "v" + i, new LinkKind.Veth(prefix + "p" + i, fd, 2, null, null))
                        .withMaster(bridgeIndex).up(true)));
            }
            root.execute().orThrow();
        }
        phase("host batch: bridge and veths", p0);
        p0 = System.nanoTime();
        List<Batch<Void>> inside = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[]{10, (byte) 200, (byte) (i / 250), (byte) (i % 250 + 1)});
            inside.add(created.get(i - 1).inside().<Void>batch()
                    .add(Requests.linkSetUp(LinkRef.byIndex(1, "lo")))
                    .add(Requests.addrAdd(2, prefix + "p" + i, a, 16, false))
                    .add(Requests.linkSetUp(LinkRef.byIndex(2, prefix + "p" + i))));
        }
        for (BatchResult<Void> r : Batch.executeAll(inside, b -> { })) {
            r.orThrow();
        }
        for (var c : created) {
            c.inside().close();
            c.handle().close();
        }
        phase("per-namespace batches", p0);
    }

    /** With STAR_PHASES=1, where the time goes (stderr). */
    static void phase(String what, long since) {
        if (System.getenv("STAR_PHASES") != null) {
            System.err.printf("  %-32s %8.1f ms%n", what, (System.nanoTime() - since) / 1e6);
        }
    }

    static void teardown(String prefix, int n) {
        for (int i = 1; i <= n; i++) {
            NamedNamespaces.delete(prefix + i);
        }
        try (Netlink host = Netlink.open()) {
            host.linkDel(prefix + "br0");
        }
    }
}
