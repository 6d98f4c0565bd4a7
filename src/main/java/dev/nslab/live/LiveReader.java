package dev.nslab.live;

import dev.nslab.model.LiveState;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.LiveState.LiveRoute;
import dev.nslab.model.Prefix;
import dev.nslab.netlink.AddressEntry;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.Macs;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.RouteEntry;
import dev.nslab.netlink.nl.Rtnl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Reads one namespace's links, addresses and main-table routes through fresh netlink dumps. */
public final class LiveReader {
    private LiveReader() {
    }

    public static LiveNamespace read(String name, Netlink nl) {
        List<LiveLink> links = nl.linkList().stream().map(LiveReader::link).toList();
        List<LiveAddress> addresses = nl.addrList().stream().map(LiveReader::address).toList();
        List<LiveRoute> routes = new ArrayList<>();
        for (RouteEntry r : nl.routeList()) {
            if (r.table() == Rtnl.RT_TABLE_MAIN && r.type() == Rtnl.RTN_UNICAST) {
                routes.add(route(r));
            }
        }
        return new LiveNamespace(name, links, addresses, routes, LiveQdiscs.roots(nl.qdiscList()));
    }

    /** Dumps a named namespace, or the caller's own with {@code "host"}. */
    public static LiveNamespace read(String name) {
        if (dev.nslab.model.Namespace.isHost(name)) {
            try (Netlink nl = Netlink.open()) {
                return read(name, nl);
            }
        }
        try (dev.nslab.netns.NetnsHandle h = dev.nslab.netns.NamedNamespaces.open(name);
             Netlink nl = dev.nslab.netns.InNamespace.call(h, Netlink::open)) {
            return read(name, nl);
        }
    }

    /** The sysctls that make a namespace a router: IPv4's, then IPv6's. */
    public static final List<String> FORWARDING = List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding");

    /**
     * Whether a namespace forwards, per family: the values of {@link #FORWARDING} ("1" on), read
     * inside it, as {@code ip netns exec NS sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding}
     * shows them. A key the namespace lacks (IPv6 disabled) is left out.
     */
    public static Map<String, String> forwarding(String name) {
        try (dev.nslab.netns.NetnsHandle h = dev.nslab.model.Namespace.isHost(name)
                ? dev.nslab.netns.NamedNamespaces.openCurrent(name) : dev.nslab.netns.NamedNamespaces.open(name)) {
            return dev.nslab.netns.NamespaceSysctl.readAll(h, FORWARDING);
        }
    }

    /** The names under /run/netns. */
    public static List<String> namedNamespaces() {
        return dev.nslab.netns.NamedNamespaces.list();
    }

    public static LiveState state(java.util.Collection<String> named, Map<String, LiveNamespace> namespaces) {
        return new LiveState(new HashSet<>(named), namespaces);
    }

    private static LiveLink link(LinkEntry e) {
        return new LiveLink(e.index(), e.name(), e.kind() == null ? (e.isLoopback() ? "loopback" : "device") : e.kind(),
                e.isUp(), e.hasLowerUp(), e.mtu(), e.mac() == null ? null : Macs.format(e.mac()), e.masterIndex(),
                e.alias(), e.stp(), e.forwardDelaySeconds());
    }

    private static LiveAddress address(AddressEntry a) {
        return new LiveAddress(a.index(), new Prefix(a.address(), a.prefixLen()), a.tentative(), a.dadFailed());
    }

    private static LiveRoute route(RouteEntry r) {
        InetAddress dst = r.dst();
        if (dst == null) {
            dst = zero(r.family() == Rtnl.AF_INET6 ? 16 : 4);
        }
        return new LiveRoute(new Prefix(dst, r.dstLen()), r.gateway(), r.oif(), r.protocol(), r.ownedByNslab());
    }

    private static InetAddress zero(int bytes) {
        try {
            return InetAddress.getByAddress(new byte[bytes]);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
