package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

/**
 * What an ifinfomsg and its IFLA_* attributes say about a link: shared by {@link LinkMessage}
 * and the peer inside a veth request ({@link VethPeer}). Getters return null when the attribute
 * is absent and throw {@link NlDecodeException} naming it when it is malformed.
 */
public interface LinkView {

    IfInfoMsg ifi();

    Attrs attrs();

    default String ifname() {
        Attr attr = attrs().get(IFLA_IFNAME);
        return attr == null ? null : attr.string("IFLA_IFNAME");
    }

    default Integer mtu() {
        return u32(attrs(), IFLA_MTU, "IFLA_MTU");
    }

    /** Index of the bridge (or other master) this link is enslaved to; 0 in a request means "nomaster". */
    default Integer master() {
        return u32(attrs(), IFLA_MASTER, "IFLA_MASTER");
    }

    /** Index of the lower link (macvlan parent, veth peer), in the namespace {@link #linkNetnsId()} names. */
    default Integer link() {
        return u32(attrs(), IFLA_LINK, "IFLA_LINK");
    }

    /** The hardware address, usually 6 bytes. */
    default byte[] address() {
        Attr attr = attrs().get(IFLA_ADDRESS);
        return attr == null ? null : attr.value();
    }

    default String alias() {
        Attr attr = attrs().get(IFLA_IFALIAS);
        return attr == null ? null : attr.string("IFLA_IFALIAS");
    }

    /** IF_OPER_*; see {@link Rtnl#operstateName}. */
    default Integer operstate() {
        Attr attr = attrs().get(IFLA_OPERSTATE);
        return attr == null ? null : attr.u8("IFLA_OPERSTATE");
    }

    default Boolean carrier() {
        Attr attr = attrs().get(IFLA_CARRIER);
        return attr == null ? null : attr.u8("IFLA_CARRIER") != 0;
    }

    /** The id, in this link's namespace, of the namespace that holds its peer or lower link. */
    default Integer linkNetnsId() {
        Attr attr = attrs().get(IFLA_LINK_NETNSID);
        return attr == null ? null : attr.s32("IFLA_LINK_NETNSID");
    }

    /** In a request: the fd of the namespace the link is to be created in or moved to. */
    default Integer netNsFd() {
        return u32(attrs(), IFLA_NET_NS_FD, "IFLA_NET_NS_FD");
    }

    /** The IFLA_LINKINFO nest, or null. */
    default Attrs linkInfo() {
        Attr attr = attrs().get(IFLA_LINKINFO);
        return attr == null ? null : attr.nested("IFLA_LINKINFO");
    }

    /** IFLA_INFO_KIND: "veth", "bridge", "macvlan", "vxlan" ...; null for links without a driver kind (lo). */
    default String kind() {
        return linkInfoString(IFLA_INFO_KIND, "IFLA_INFO_KIND");
    }

    /** IFLA_INFO_SLAVE_KIND: the master's kind as seen from a port, e.g. "bridge". */
    default String slaveKind() {
        return linkInfoString(IFLA_INFO_SLAVE_KIND, "IFLA_INFO_SLAVE_KIND");
    }

    /** IFLA_INFO_DATA, whose attribute types depend on {@link #kind()} (IFLA_BR_*, IFLA_VXLAN_* ...). */
    default Attrs infoData() {
        return linkInfoNest(IFLA_INFO_DATA, "IFLA_INFO_DATA");
    }

    /** IFLA_INFO_SLAVE_DATA, whose attribute types depend on {@link #slaveKind()} (IFLA_BRPORT_* ...). */
    default Attrs slaveData() {
        return linkInfoNest(IFLA_INFO_SLAVE_DATA, "IFLA_INFO_SLAVE_DATA");
    }

    /**
     * The peer of a veth request (VETH_INFO_PEER), or null if this is not one. The kernel never
     * reports the peer this way; a dump shows it through {@link #link()} instead.
     */
    default VethPeer vethPeer() {
        if (!"veth".equals(kind())) {
            return null;
        }
        Attrs data = infoData();
        Attr peer = data == null ? null : data.get(VETH_INFO_PEER);
        return peer == null ? null : VethPeer.decode(peer.valueNoCopy());
    }

    default boolean isUp() {
        return (ifi().flags() & IFF_UP) != 0;
    }

    /** IFF_LOWER_UP: the driver has carrier (for a veth: its peer is up). */
    default boolean hasLowerUp() {
        return (ifi().flags() & IFF_LOWER_UP) != 0;
    }

    private String linkInfoString(int type, String name) {
        Attrs info = linkInfo();
        Attr attr = info == null ? null : info.get(type);
        return attr == null ? null : attr.string(name);
    }

    private Attrs linkInfoNest(int type, String name) {
        Attrs info = linkInfo();
        Attr attr = info == null ? null : info.get(type);
        return attr == null ? null : attr.nested(name);
    }

    private static Integer u32(Attrs attrs, int type, String name) {
        Attr attr = attrs.get(type);
        return attr == null ? null : attr.u32(name);
    }
}
