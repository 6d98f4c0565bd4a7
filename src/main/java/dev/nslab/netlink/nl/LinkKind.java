package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * IFLA_INFO_KIND and IFLA_INFO_DATA of a link, one model for both directions: a request is
 * written from it ({@link #writeInfo}), and a dump or a captured request reads back into it
 * ({@link #read}). What a message does not carry is null: a dump never reports a veth's peer,
 * only IFLA_LINK; a request leaves out what keeps the kernel's default.
 */
public sealed interface LinkKind {
    /** The IFLA_INFO_KIND string. */
    String kind();

    /** Writes IFLA_INFO_KIND and, when there is any, IFLA_INFO_DATA, inside an open IFLA_LINKINFO. */
    default void writeInfo(NlWriter w) {
        w.put(Ifla.INFO_KIND, kind()); // as iproute2 sends it: no trailing NUL
    }

    /**
     * The kind of {@code link} (a dump entry or a request), or null when it has none (lo).
     * Throws {@link NlDecodeException} naming the attribute that is malformed.
     */
    static LinkKind read(LinkView link) {
        String kind = link.kind();
        if (kind == null) {
            return null;
        }
        Attrs data = link.infoData();
        Attrs d = data == null ? Attrs.EMPTY : data;
        return switch (kind) {
            case "veth" -> Veth.read(link.vethPeer());
            case "bridge" -> {
                Integer stp = Ifla.BR_STP_STATE.get(d);
                yield new Bridge(stp == null ? null : stp != 0, Ifla.BR_FORWARD_DELAY.get(d));
            }
            case "macvlan" -> {
                Integer parent = link.link();
                Integer mode = Ifla.MACVLAN_MODE.get(d);
                yield new Macvlan(parent == null ? 0 : parent, mode == null ? MACVLAN_MODE_VEPA : mode);
            }
            case "vxlan" -> Vxlan.read(d);
            default -> new Plain(kind);
        };
    }

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

        @Override
        public void writeInfo(NlWriter w) {
            LinkKind.super.writeInfo(w);
            int data = w.beginNest(IFLA_INFO_DATA);
            int peer = w.beginNest(VETH_INFO_PEER);
            w.put(new IfInfoMsg(AF_UNSPEC, 0, peerIndex, 0, 0));
            if (peerNsFd != null) {
                w.put(Ifla.NET_NS_FD, peerNsFd);
            }
            w.put(Ifla.IFNAME, peerName);
            if (peerMtu != null) {
                w.put(Ifla.MTU, peerMtu);
            }
            if (peerMac != null) {
                w.put(Ifla.ADDRESS, peerMac);
            }
            w.endNest(peer);
            w.endNest(data);
        }

        static Veth read(VethPeer peer) {
            return peer == null ? new Veth(null, null, 0, null, null)
                    : new Veth(peer.ifname(), peer.netNsFd(), peer.ifi().index(), peer.mtu(), peer.address());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Veth v && Objects.equals(peerName, v.peerName) && Objects.equals(peerNsFd, v.peerNsFd)
                    && peerIndex == v.peerIndex && Objects.equals(peerMtu, v.peerMtu) && Arrays.equals(peerMac, v.peerMac);
        }

        @Override
        public int hashCode() {
            return Objects.hash(peerName, peerNsFd, peerIndex, peerMtu, Arrays.hashCode(peerMac));
        }
    }

    /** A bridge; null fields keep the kernel's defaults (STP off, forward delay 15 s). */
    record Bridge(Boolean stp, Integer forwardDelaySeconds) implements LinkKind {
        public String kind() {
            return "bridge";
        }

        @Override
        public void writeInfo(NlWriter w) {
            LinkKind.super.writeInfo(w);
            if (stp != null || forwardDelaySeconds != null) {
                int data = w.beginNest(IFLA_INFO_DATA);
                if (stp != null) {
                    w.put(Ifla.BR_STP_STATE, stp ? 1 : 0);
                }
                if (forwardDelaySeconds != null) {
                    w.put(Ifla.BR_FORWARD_DELAY, forwardDelaySeconds);
                }
                w.endNest(data);
            }
        }
    }

    /**
     * A macvlan on {@code parentIndex}; mode is a MACVLAN_MODE_* constant. The parent is IFLA_LINK,
     * outside IFLA_LINKINFO: the request writes it (see {@code Requests.linkAdd}), a dump reports it.
     */
    record Macvlan(int parentIndex, int mode) implements LinkKind {
        public String kind() {
            return "macvlan";
        }

        @Override
        public void writeInfo(NlWriter w) {
            LinkKind.super.writeInfo(w);
            int data = w.beginNest(IFLA_INFO_DATA);
            w.put(Ifla.MACVLAN_MODE, mode);
            w.endNest(data);
        }
    }

    /**
     * A VXLAN tunnel endpoint; null fields are left out of the request. A dump gives the remote
     * as {@code group} when it is a multicast address.
     */
    record Vxlan(int vni, InetAddress remote, InetAddress local, InetAddress group, Integer port,
                 Integer devIndex) implements LinkKind {
        public String kind() {
            return "vxlan";
        }

        /** In iproute2's order, so the bytes equal what {@code ip link add ... type vxlan} sends. */
        @Override
        public void writeInfo(NlWriter w) {
            LinkKind.super.writeInfo(w);
            int data = w.beginNest(IFLA_INFO_DATA);
            if (devIndex != null) {
                w.put(Ifla.VXLAN_LINK, devIndex);
            }
            w.put(Ifla.VXLAN_ID, vni);
            if (local != null) {
                w.put(local instanceof Inet6Address ? Ifla.VXLAN_LOCAL6 : Ifla.VXLAN_LOCAL, local);
            }
            InetAddress far = remote != null ? remote : group;
            if (far != null) {
                w.put(far instanceof Inet6Address ? Ifla.VXLAN_GROUP6 : Ifla.VXLAN_GROUP, far);
            }
            w.put(Ifla.VXLAN_LEARNING, 1);
            if (port != null) {
                w.put(Ifla.VXLAN_PORT, port);
            }
            w.endNest(data);
        }

        static Vxlan read(Attrs d) {
            Integer vni = Ifla.VXLAN_ID.get(d);
            InetAddress far = Ifla.VXLAN_GROUP.get(d) != null ? Ifla.VXLAN_GROUP.get(d) : Ifla.VXLAN_GROUP6.get(d);
            InetAddress local = Ifla.VXLAN_LOCAL.get(d) != null ? Ifla.VXLAN_LOCAL.get(d) : Ifla.VXLAN_LOCAL6.get(d);
            boolean multicast = far != null && far.isMulticastAddress();
            return new Vxlan(vni == null ? 0 : vni, multicast ? null : far, local, multicast ? far : null,
                    Ifla.VXLAN_PORT.get(d), Ifla.VXLAN_LINK.get(d));
        }
    }

    /** Any other kind by name, without kind data (e.g. dummy, ifb): also how a kind is probed. */
    record Plain(String kind) implements LinkKind {
    }
}
