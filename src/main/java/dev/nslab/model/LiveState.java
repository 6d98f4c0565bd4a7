package dev.nslab.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel holds now, as fresh dumps of every namespace involved reported it: the other
 * input of the planner, beside the desired {@link Topology}. Plain data, so the planner is
 * tested without privileges.
 *
 * @param namedNamespaces every name under /run/netns
 * @param namespaces      dumps of the host ({@link Namespace#HOST}) and of each lab namespace that exists
 */
public record LiveState(Set<String> namedNamespaces, Map<String, LiveNamespace> namespaces) {
    public LiveState {
        namedNamespaces = Set.copyOf(namedNamespaces);
        namespaces = Map.copyOf(namespaces);
    }

    public Optional<LiveNamespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    /** One namespace's links, addresses, routes and root qdiscs. */
    public record LiveNamespace(String name, List<LiveLink> links, List<LiveAddress> addresses, List<LiveRoute> routes,
                                List<LiveQdisc> qdiscs) {
        public LiveNamespace {
            links = List.copyOf(links);
            addresses = List.copyOf(addresses);
            routes = List.copyOf(routes);
            qdiscs = List.copyOf(qdiscs);
        }

        /** A namespace whose qdiscs were not read (or that has only the kernel's defaults). */
        public LiveNamespace(String name, List<LiveLink> links, List<LiveAddress> addresses, List<LiveRoute> routes) {
            this(name, links, addresses, routes, List.of());
        }

        /** @return the root qdisc of link {@code index}, if the dump showed one */
        public Optional<LiveQdisc> rootQdisc(int index) {
            return qdiscs.stream().filter(q -> q.index() == index).findFirst();
        }

        public Optional<LiveLink> link(String linkName) {
            return links.stream().filter(l -> l.name().equals(linkName)).findFirst();
        }

        public Optional<LiveLink> link(int index) {
            return links.stream().filter(l -> l.index() == index).findFirst();
        }

        public List<LiveAddress> addressesOf(int index) {
            return addresses.stream().filter(a -> a.index() == index).toList();
        }

        /** The highest ifindex in use: new links get indexes above it, chosen up front. */
        public int maxIndex() {
            return links.stream().mapToInt(LiveLink::index).max().orElse(1);
        }
    }

    /** A link as a dump shows it. {@code masterIndex} is 0 when not enslaved. */
    public record LiveLink(int index, String name, String kind, boolean up, boolean lowerUp, Integer mtu,
                           String mac, int masterIndex, String alias, Boolean stp, Integer forwardDelay) {
    }

    /**
     * The root qdisc of link {@code index}: its kind, and for the kinds nslab makes (tbf, netem)
     * what it does in the words of a {@link Shape} (null for other kinds: noqueue, pfifo_fast, htb...).
     * A tbf's burst is what the kernel's ticks give back, which may differ from the one asked for
     * by a byte or two of rounding.
     *
     * @param limit the qdisc's queue limit: bytes for a tbf, packets for a netem, 0 for other kinds
     */
    public record LiveQdisc(int index, String kind, Shape shape, long limit) {
        /** @return true for the kinds a lab's shaping words make */
        public boolean isShaping() {
            return "tbf".equals(kind) || "netem".equals(kind);
        }
    }

    /** An address on link {@code index}. */
    public record LiveAddress(int index, Prefix prefix, boolean tentative, boolean dadFailed) {
        /** fe80::/10: made by the kernel for every IPv6 link; never the lab's to remove. */
        public boolean isLinkLocal() {
            byte[] b = prefix.address().getAddress();
            return b.length == 16 && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
        }
    }

    /**
     * A main-table unicast route; {@code protocol} (rtm_protocol) tells who added it, and
     * {@code byNslab} whether that was nslab (the netlink layer knows nslab's number).
     */
    public record LiveRoute(Prefix destination, InetAddress gateway, int oif, int protocol, boolean byNslab) {
    }
}
