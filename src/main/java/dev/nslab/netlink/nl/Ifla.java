package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.NlaCodec.*;
import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.InetAddress;

/**
 * The link attributes nslab writes or reads (IFLA_*, linux/if_link.h), each once: number,
 * kernel name, codec. The kind-specific ones inside IFLA_INFO_DATA are at the end, by kind.
 */
public final class Ifla {

    private Ifla() {
    }

    public static final Nla<byte[]> ADDRESS = Nla.of(IFLA_ADDRESS, "IFLA_ADDRESS", BYTES);
    public static final Nla<String> IFNAME = Nla.of(IFLA_IFNAME, "IFLA_IFNAME", STRING);
    public static final Nla<Integer> MTU = Nla.of(IFLA_MTU, "IFLA_MTU", U32);
    /** The lower link: a macvlan's parent, a veth's peer (in the namespace IFLA_LINK_NETNSID names). */
    public static final Nla<Integer> LINK = Nla.of(IFLA_LINK, "IFLA_LINK", U32);
    /** The bridge a link is a port of; 0 in a request means "nomaster". */
    public static final Nla<Integer> MASTER = Nla.of(IFLA_MASTER, "IFLA_MASTER", U32);
    public static final Nla<Attrs> PROTINFO = Nla.of(IFLA_PROTINFO, "IFLA_PROTINFO", NESTED);
    public static final Nla<Integer> TXQLEN = Nla.of(IFLA_TXQLEN, "IFLA_TXQLEN", U32);
    /** IF_OPER_*: see {@link Rtnl#operstateName}. */
    public static final Nla<Integer> OPERSTATE = Nla.of(IFLA_OPERSTATE, "IFLA_OPERSTATE", U8);
    public static final Nla<Attrs> LINKINFO = Nla.of(IFLA_LINKINFO, "IFLA_LINKINFO", NESTED);
    /** Sent without a NUL, as iproute2 sends it. */
    public static final Nla<String> IFALIAS = Nla.of(IFLA_IFALIAS, "IFLA_IFALIAS", STRING_NO_NUL);
    public static final Nla<Attrs> AF_SPEC = Nla.of(IFLA_AF_SPEC, "IFLA_AF_SPEC", NESTED);
    /** In a request: the fd of the namespace the link is created in or moved to. */
    public static final Nla<Integer> NET_NS_FD = Nla.of(IFLA_NET_NS_FD, "IFLA_NET_NS_FD", U32);
    /** RTEXT_FILTER_* bits asking a dump for more or less. */
    public static final Nla<Integer> EXT_MASK = Nla.of(IFLA_EXT_MASK, "IFLA_EXT_MASK", U32);
    public static final Nla<Integer> CARRIER = Nla.of(IFLA_CARRIER, "IFLA_CARRIER", U8);
    /** The id, in this link's namespace, of the namespace holding its peer or lower link. */
    public static final Nla<Integer> LINK_NETNSID = Nla.of(IFLA_LINK_NETNSID, "IFLA_LINK_NETNSID", S32);
    public static final Nla<String> ALT_IFNAME = Nla.of(IFLA_ALT_IFNAME, "IFLA_ALT_IFNAME", STRING);

    // ---- IFLA_LINKINFO -----------------------------------------------------------------------

    /** "veth", "bridge" ...; sent without a NUL, as iproute2 sends it. */
    public static final Nla<String> INFO_KIND = Nla.of(IFLA_INFO_KIND, "IFLA_INFO_KIND", STRING_NO_NUL);
    public static final Nla<Attrs> INFO_DATA = Nla.of(IFLA_INFO_DATA, "IFLA_INFO_DATA", NESTED);
    public static final Nla<String> INFO_SLAVE_KIND = Nla.of(IFLA_INFO_SLAVE_KIND, "IFLA_INFO_SLAVE_KIND", STRING_NO_NUL);
    public static final Nla<Attrs> INFO_SLAVE_DATA = Nla.of(IFLA_INFO_SLAVE_DATA, "IFLA_INFO_SLAVE_DATA", NESTED);

    // ---- IFLA_AF_SPEC > AF_INET6, IFLA_PROTINFO of AF_BRIDGE ---------------------------------

    public static final Nla<Integer> INET6_ADDR_GEN_MODE = Nla.of(IFLA_INET6_ADDR_GEN_MODE, "IFLA_INET6_ADDR_GEN_MODE", U8);
    /** BR_STATE_* of a bridge port. */
    public static final Nla<Integer> BRPORT_STATE = Nla.of(IFLA_BRPORT_STATE, "IFLA_BRPORT_STATE", U8);

    // ---- IFLA_INFO_DATA, by kind -------------------------------------------------------------

    /** An ifinfomsg, then the peer's own IFLA_* attributes: see {@link VethPeer}. */
    public static final Nla<byte[]> VETH_PEER = Nla.of(VETH_INFO_PEER, "VETH_INFO_PEER", BYTES);

    /** Bridge timers: seconds in nslab, clock_t (hundredths of a second, USER_HZ) in the kernel and in ip's arguments. */
    public static final NlaCodec.Scaled CLOCK_T = new NlaCodec.Scaled(100);
    /** Seconds here; {@link #CLOCK_T} alone converts. */
    public static final Nla<Integer> BR_FORWARD_DELAY = Nla.of(IFLA_BR_FORWARD_DELAY, "IFLA_BR_FORWARD_DELAY", CLOCK_T);
    public static final Nla<Integer> BR_STP_STATE = Nla.of(IFLA_BR_STP_STATE, "IFLA_BR_STP_STATE", U32);

    /** MACVLAN_MODE_*. */
    public static final Nla<Integer> MACVLAN_MODE = Nla.of(IFLA_MACVLAN_MODE, "IFLA_MACVLAN_MODE", U32);

    public static final Nla<Integer> VXLAN_ID = Nla.of(IFLA_VXLAN_ID, "IFLA_VXLAN_ID", U32);
    public static final Nla<InetAddress> VXLAN_GROUP = Nla.of(IFLA_VXLAN_GROUP, "IFLA_VXLAN_GROUP", NlaCodec.ADDRESS);
    public static final Nla<Integer> VXLAN_LINK = Nla.of(IFLA_VXLAN_LINK, "IFLA_VXLAN_LINK", U32);
    public static final Nla<InetAddress> VXLAN_LOCAL = Nla.of(IFLA_VXLAN_LOCAL, "IFLA_VXLAN_LOCAL", NlaCodec.ADDRESS);
    public static final Nla<Integer> VXLAN_LEARNING = Nla.of(IFLA_VXLAN_LEARNING, "IFLA_VXLAN_LEARNING", U8);
    /** Network byte order, unlike the rest. */
    public static final Nla<Integer> VXLAN_PORT = Nla.of(IFLA_VXLAN_PORT, "IFLA_VXLAN_PORT", BE16);
    public static final Nla<InetAddress> VXLAN_GROUP6 = Nla.of(IFLA_VXLAN_GROUP6, "IFLA_VXLAN_GROUP6", NlaCodec.ADDRESS);
    public static final Nla<InetAddress> VXLAN_LOCAL6 = Nla.of(IFLA_VXLAN_LOCAL6, "IFLA_VXLAN_LOCAL6", NlaCodec.ADDRESS);

    // ---- spaces, for naming what the kernel points at ----------------------------------------

    static final AttrSpace VETH = AttrSpace.of("VETH_INFO");
    static final AttrSpace BRIDGE = AttrSpace.of("IFLA_BR", BR_FORWARD_DELAY, BR_STP_STATE);
    static final AttrSpace MACVLAN = AttrSpace.of("IFLA_MACVLAN", MACVLAN_MODE);
    static final AttrSpace VXLAN = AttrSpace.of("IFLA_VXLAN", VXLAN_ID, VXLAN_GROUP, VXLAN_LINK, VXLAN_LOCAL,
            VXLAN_LEARNING, VXLAN_PORT, VXLAN_GROUP6, VXLAN_LOCAL6);
    static final AttrSpace INFO = AttrSpace.of("IFLA_INFO", INFO_KIND, INFO_SLAVE_KIND, INFO_SLAVE_DATA)
            .nest(INFO_DATA, siblings -> dataSpace(INFO_KIND.get(siblings)));
    static final AttrSpace INET6 = AttrSpace.of("IFLA_INET6", INET6_ADDR_GEN_MODE);
    static final AttrSpace AF = AttrSpace.of("AF").nest(Nla.of(AF_INET6, "AF_INET6", NESTED), INET6);
    /** The attributes of an RTM_*LINK message, after its ifinfomsg. */
    public static final AttrSpace SPACE = AttrSpace.of("IFLA", ADDRESS, IFNAME, MTU, LINK, MASTER, PROTINFO, TXQLEN,
                    OPERSTATE, IFALIAS, NET_NS_FD, EXT_MASK, CARRIER, LINK_NETNSID, ALT_IFNAME)
            .nest(LINKINFO, INFO)
            .nest(AF_SPEC, AF);

    static {
        VETH.nest(VETH_PEER, SPACE.after(IfInfoMsg.SIZE));
    }

    private static AttrSpace dataSpace(String kind) {
        return switch (kind == null ? "" : kind) {
            case "veth" -> VETH;
            case "bridge" -> BRIDGE;
            case "macvlan" -> MACVLAN;
            case "vxlan" -> VXLAN;
            default -> null;
        };
    }
}
