package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Writes the requests nslab sends, byte for byte as iproute2 6.1 sends them (the tests compare
 * against its captured output), so that what works with {@code ip} works here. Each method writes
 * one complete message with NLM_F_ACK set; the caller picks the seq and sends the writer's bytes.
 * Links are named by index, which the caller has looked up (as {@code ip} does first).
 */
public final class RtnlRequests {

    private static final int ACKED = NLM_F_REQUEST | NLM_F_ACK;
    private static final int CREATE = ACKED | NLM_F_CREATE | NLM_F_EXCL;

    private RtnlRequests() {
    }

    /**
     * Creates a veth pair, each end directly in its namespace when an fd is given.
     * Equivalent to: {@code ip link add $name [netns $ns] type veth peer name $peer [netns $peerNs]}
     */
    public static void linkAddVeth(NlWriter w, int seq, String name, Integer nsFd, String peerName, Integer peerNsFd) {
        int msg = w.beginMessage(RTM_NEWLINK, CREATE, seq, 0);
        w.put(IfInfoMsg.ofIndex(0));
        w.attrString(IFLA_IFNAME, name);
        if (nsFd != null) {
            w.attrU32(IFLA_NET_NS_FD, nsFd);
        }
        int linkInfo = w.beginNest(IFLA_LINKINFO);
        w.attrStringNoNul(IFLA_INFO_KIND, "veth");
        int data = w.beginNest(IFLA_INFO_DATA);
        int peer = w.beginNest(VETH_INFO_PEER);
        w.put(IfInfoMsg.ofIndex(0));
        if (peerNsFd != null) {
            w.attrU32(IFLA_NET_NS_FD, peerNsFd);
        }
        w.attrString(IFLA_IFNAME, peerName);
        w.endNest(peer);
        w.endNest(data);
        w.endNest(linkInfo);
        w.endMessage(msg);
    }

    /**
     * Creates a bridge; null leaves the kernel's default (STP off, forward delay 15 s).
     * {@code forwardDelay} is in centiseconds, as {@code ip} passes it through.
     * Equivalent to: {@code ip link add $name type bridge [stp_state $stp] [forward_delay $delay]}
     */
    public static void linkAddBridge(NlWriter w, int seq, String name, Integer stpState, Integer forwardDelay) {
        int msg = w.beginMessage(RTM_NEWLINK, CREATE, seq, 0);
        w.put(IfInfoMsg.ofIndex(0));
        w.attrString(IFLA_IFNAME, name);
        int linkInfo = w.beginNest(IFLA_LINKINFO);
        w.attrStringNoNul(IFLA_INFO_KIND, "bridge");
        int data = w.beginNest(IFLA_INFO_DATA);
        if (stpState != null) {
            w.attrU32(IFLA_BR_STP_STATE, stpState);
        }
        if (forwardDelay != null) {
            w.attrU32(IFLA_BR_FORWARD_DELAY, forwardDelay);
        }
        w.endNest(data);
        w.endNest(linkInfo);
        w.endMessage(msg);
    }

    /**
     * Creates a macvlan on top of {@code parentIndex}; {@code mode} is a MACVLAN_MODE_* value.
     * Equivalent to: {@code ip link add $name link $parent type macvlan mode $mode}
     */
    public static void linkAddMacvlan(NlWriter w, int seq, String name, int parentIndex, int mode) {
        int msg = w.beginMessage(RTM_NEWLINK, CREATE, seq, 0);
        w.put(IfInfoMsg.ofIndex(0));
        w.attrU32(IFLA_LINK, parentIndex);
        w.attrString(IFLA_IFNAME, name);
        int linkInfo = w.beginNest(IFLA_LINKINFO);
        w.attrStringNoNul(IFLA_INFO_KIND, "macvlan");
        int data = w.beginNest(IFLA_INFO_DATA);
        w.attrU32(IFLA_MACVLAN_MODE, mode);
        w.endNest(data);
        w.endNest(linkInfo);
        w.endMessage(msg);
    }

    /**
     * Creates a VXLAN device with learning on, as {@code ip} does; {@code remote}, {@code local}
     * and {@code parentIndex} may be null.
     * Equivalent to: {@code ip link add $name type vxlan id $vni remote $remote local $local dstport $port dev $parent}
     */
    public static void linkAddVxlan(NlWriter w, int seq, String name, int vni, InetAddress remote, InetAddress local,
                                    int dstPort, Integer parentIndex) {
        int msg = w.beginMessage(RTM_NEWLINK, CREATE, seq, 0);
        w.put(IfInfoMsg.ofIndex(0));
        w.attrString(IFLA_IFNAME, name);
        int linkInfo = w.beginNest(IFLA_LINKINFO);
        w.attrStringNoNul(IFLA_INFO_KIND, "vxlan");
        int data = w.beginNest(IFLA_INFO_DATA);
        if (parentIndex != null) {
            w.attrU32(IFLA_VXLAN_LINK, parentIndex);
        }
        w.attrU32(IFLA_VXLAN_ID, vni);
        if (local != null) {
            w.attrAddress(local instanceof Inet4Address ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, local);
        }
        if (remote != null) {
            w.attrAddress(remote instanceof Inet4Address ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, remote);
        }
        w.attrU8(IFLA_VXLAN_LEARNING, 1);
        w.attrU16BigEndian(IFLA_VXLAN_PORT, dstPort);
        w.endNest(data);
        w.endNest(linkInfo);
        w.endMessage(msg);
    }

    /**
     * Looks a link up by name; IFLA_EXT_MASK as {@code ip} sends it (VFs, no stats).
     * Equivalent to the lookup behind: {@code ip link show dev $name}
     */
    public static void linkGet(NlWriter w, int seq, String name) {
        int msg = w.beginMessage(RTM_GETLINK, NLM_F_REQUEST, seq, 0);
        w.put(IfInfoMsg.ofIndex(0));
        w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
        w.attrString(IFLA_IFNAME, name);
        w.endMessage(msg);
    }

    /**
     * Dumps all links, or those of one kind when {@code kind} is not null (the kernel filters).
     * Equivalent to: {@code ip link show [type $kind]}
     */
    public static void linkDump(NlWriter w, int seq, String kind) {
        int msg = w.beginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
        w.put(new IfInfoMsg(AF_PACKET, 0, 0, 0, 0));
        w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_VF);
        if (kind != null) {
            int linkInfo = w.beginNest(IFLA_LINKINFO);
            w.attrStringNoNul(IFLA_INFO_KIND, kind);
            w.endNest(linkInfo);
        }
        w.endMessage(msg);
    }

    /** Equivalent to: {@code ip link set $dev up} (or {@code down}) */
    public static void linkSetUp(NlWriter w, int seq, int index, boolean up) {
        int msg = w.beginMessage(RTM_NEWLINK, ACKED, seq, 0);
        w.put(new IfInfoMsg(AF_UNSPEC, 0, index, up ? IFF_UP : 0, IFF_UP));
        w.endMessage(msg);
    }

    /** Equivalent to: {@code ip link set $dev mtu $mtu} */
    public static void linkSetMtu(NlWriter w, int seq, int index, int mtu) {
        int msg = w.beginMessage(RTM_NEWLINK, ACKED, seq, 0);
        w.put(IfInfoMsg.ofIndex(index));
        w.attrU32(IFLA_MTU, mtu);
        w.endMessage(msg);
    }

    /** Equivalent to: {@code ip link set $dev address $mac} */
    public static void linkSetAddress(NlWriter w, int seq, int index, byte[] mac) {
        int msg = w.beginMessage(RTM_NEWLINK, ACKED, seq, 0);
        w.put(IfInfoMsg.ofIndex(index));
        w.attr(IFLA_ADDRESS, mac);
        w.endMessage(msg);
    }

    /**
     * Enslaves the link to a bridge, or frees it when {@code masterIndex} is 0.
     * Equivalent to: {@code ip link set $dev master $bridge} / {@code ip link set $dev nomaster}
     */
    public static void linkSetMaster(NlWriter w, int seq, int index, int masterIndex) {
        int msg = w.beginMessage(RTM_NEWLINK, ACKED, seq, 0);
        w.put(IfInfoMsg.ofIndex(index));
        w.attrU32(IFLA_MASTER, masterIndex);
        w.endMessage(msg);
    }

    /** Equivalent to: {@code ip link set $dev alias $alias} */
    public static void linkSetAlias(NlWriter w, int seq, int index, String alias) {
        int msg = w.beginMessage(RTM_NEWLINK, ACKED, seq, 0);
        w.put(IfInfoMsg.ofIndex(index));
        w.attrStringNoNul(IFLA_IFALIAS, alias);
        w.endMessage(msg);
    }

    /** Equivalent to: {@code ip link del $dev} */
    public static void linkDel(NlWriter w, int seq, int index) {
        int msg = w.beginMessage(RTM_DELLINK, ACKED, seq, 0);
        w.put(IfInfoMsg.ofIndex(index));
        w.endMessage(msg);
    }

    /**
     * Adds an address; {@code ifaFlags} takes IFA_F_* bits that fit ifa_flags, e.g. IFA_F_NODAD.
     * Equivalent to: {@code ip addr add $address/$prefixLen dev $dev [nodad]}
     */
    public static void addrAdd(NlWriter w, int seq, int index, InetAddress address, int prefixLen, int ifaFlags) {
        addr(w, RTM_NEWADDR, CREATE, seq, index, address, prefixLen, ifaFlags);
    }

    /** Equivalent to: {@code ip addr del $address/$prefixLen dev $dev} */
    public static void addrDel(NlWriter w, int seq, int index, InetAddress address, int prefixLen) {
        addr(w, RTM_DELADDR, ACKED, seq, index, address, prefixLen, 0);
    }

    /**
     * Dumps the addresses of one link ({@code index} 0: all links) of one family (AF_UNSPEC: all).
     * Equivalent to: {@code ip addr show dev $dev}
     */
    public static void addrDump(NlWriter w, int seq, int family, int index) {
        int msg = w.beginMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
        w.put(new IfAddrMsg(family, 0, 0, 0, index));
        w.endMessage(msg);
    }

    /**
     * Adds a unicast route to the main table, or replaces the one with the same destination.
     * {@code dst} null is the default route; without a gateway the route has scope link.
     * Equivalent to: {@code ip route add|replace $dst/$dstLen [via $gateway] [dev $oif] [proto $protocol]}
     * ({@code ip}'s default protocol is RTPROT_BOOT)
     */
    public static void routeAdd(NlWriter w, int seq, boolean replace, InetAddress dst, int dstLen,
                                InetAddress gateway, Integer oif, int protocol) {
        int flags = replace ? ACKED | NLM_F_CREATE | NLM_F_REPLACE : CREATE;
        int scope = gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        RtMsg rtm = new RtMsg(family(dst, gateway), dstLen, 0, 0, RT_TABLE_MAIN, protocol, scope, RTN_UNICAST, 0);
        route(w, RTM_NEWROUTE, flags, seq, rtm, dst, gateway, oif);
    }

    /**
     * Deletes the route of the main table that matches what is given.
     * Equivalent to: {@code ip route del $dst/$dstLen [via $gateway] [dev $oif]}
     */
    public static void routeDel(NlWriter w, int seq, InetAddress dst, int dstLen, InetAddress gateway, Integer oif) {
        // Protocol, scope and type 0 / NOWHERE mean "any" to the kernel's route lookup.
        RtMsg rtm = new RtMsg(family(dst, gateway), dstLen, 0, 0, RT_TABLE_MAIN, RTPROT_UNSPEC, RT_SCOPE_NOWHERE,
                RTN_UNSPEC, 0);
        route(w, RTM_DELROUTE, ACKED, seq, rtm, dst, gateway, oif);
    }

    /**
     * Dumps the routes of one family and table.
     * Equivalent to: {@code ip route show table $table}
     */
    public static void routeDump(NlWriter w, int seq, int family, int table) {
        int msg = w.beginMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
        w.put(new RtMsg(family, 0, 0, 0, 0, 0, 0, 0, 0));
        w.attrU32(RTA_TABLE, table);
        w.endMessage(msg);
    }

    private static void addr(NlWriter w, int type, int flags, int seq, int index, InetAddress address, int prefixLen,
                             int ifaFlags) {
        int msg = w.beginMessage(type, flags, seq, 0);
        w.put(new IfAddrMsg(familyOf(address), prefixLen, ifaFlags, RT_SCOPE_UNIVERSE, index));
        w.attrAddress(IFA_LOCAL, address);
        w.attrAddress(IFA_ADDRESS, address);
        w.endMessage(msg);
    }

    private static void route(NlWriter w, int type, int flags, int seq, RtMsg rtm, InetAddress dst,
                              InetAddress gateway, Integer oif) {
        int msg = w.beginMessage(type, flags, seq, 0);
        w.put(rtm);
        if (dst != null) {
            w.attrAddress(RTA_DST, dst);
        }
        if (gateway != null) {
            w.attrAddress(RTA_GATEWAY, gateway);
        }
        if (oif != null) {
            w.attrU32(RTA_OIF, oif);
        }
        w.endMessage(msg);
    }

    private static int family(InetAddress dst, InetAddress gateway) {
        if (dst == null && gateway == null) {
            throw new IllegalArgumentException("a route needs a destination or a gateway to know its family");
        }
        return familyOf(dst != null ? dst : gateway);
    }

    private static int familyOf(InetAddress address) {
        return address instanceof Inet4Address ? AF_INET : AF_INET6;
    }
}
