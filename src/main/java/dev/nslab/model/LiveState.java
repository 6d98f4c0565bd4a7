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

    /** One namespace's links, addresses and routes. */
    public record LiveNamespace(String name, List<LiveLink> links, List<LiveAddress> addresses, List<LiveRoute> routes) {
        public LiveNamespace {
            links = List.copyOf(links);
            addresses = List.copyOf(addresses);
            routes = List.copyOf(routes);
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
