package dev.nslab.netlink;

import dev.nslab.netlink.nl.RouteMessage;

import java.net.InetAddress;

/** One route as a dump reports it (RTM_NEWROUTE). */
public record RouteEntry(int family, int table, int protocol, int scope, int type, InetAddress dst, int dstLen,
                         InetAddress gateway, int oif) {
    public static RouteEntry of(RouteMessage m) {
        return new RouteEntry(m.rtm().family(), m.table(), m.rtm().protocol(), m.rtm().scope(), m.rtm().type(),
                m.dst(), m.rtm().dstLen(), m.gateway(), m.oif() == null ? 0 : m.oif());
    }

    /** Added by nslab (its protocol tag), as opposed to the kernel or another tool. */
    public boolean ownedByNslab() {
        return protocol == Requests.ROUTE_PROTOCOL;
    }

    public boolean isDefault() {
        return dstLen == 0;
    }
}
