package dev.nslab.netlink;

import java.net.InetAddress;

/** Kind-specific part of a new link: what goes into IFLA_LINKINFO. */
public sealed interface LinkKind {
    /** The IFLA_INFO_KIND string. */
    String kind();

    /**
     * A veth pair; this record describes the peer end. The peer is created directly in its
     * namespace (IFLA_NET_NS_FD inside VETH_INFO_PEER) under its final name.
     *
     * @param peerIndex ifindex to give the peer in its namespace, 0 to let the kernel pick
     * @param peerNsFd  nsfs fd of the peer's namespace, null for the request's own namespace
     */
    record Veth(String peerName, Integer peerNsFd, int peerIndex, Integer peerMtu, byte[] peerMac) implements LinkKind {
        public String kind() {
            return "veth";
        }
    }

    /** A bridge; null fields keep the kernel's defaults (STP off, forward delay 15 s). */
    record Bridge(Boolean stp, Integer forwardDelaySeconds) implements LinkKind {
        public String kind() {
            return "bridge";
        }
    }

    /** A macvlan on {@code parentIndex}; mode is a MACVLAN_MODE_* constant. */
    record Macvlan(int parentIndex, int mode) implements LinkKind {
        public String kind() {
            return "macvlan";
        }
    }

    /** A VXLAN tunnel endpoint; null fields are left out of the request. */
    record Vxlan(int vni, InetAddress remote, InetAddress local, InetAddress group, Integer port,
                 Integer devIndex) implements LinkKind {
        public String kind() {
            return "vxlan";
        }
    }

    /** Any other kind by name, without kind data (e.g. dummy, ifb): also how a kind is probed. */
    record Plain(String kind) implements LinkKind {
    }
}
