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
        return Ifla.IFNAME.get(attrs());
    }

    default Integer mtu() {
        return Ifla.MTU.get(attrs());
    }

    /** Index of the bridge (or other master) this link is enslaved to; 0 in a request means "nomaster". */
    default Integer master() {
        return Ifla.MASTER.get(attrs());
    }

    /** Index of the lower link (macvlan parent, veth peer), in the namespace {@link #linkNetnsId()} names. */
    default Integer link() {
        return Ifla.LINK.get(attrs());
    }

    /** The hardware address, usually 6 bytes. */
    default byte[] address() {
        return Ifla.ADDRESS.get(attrs());
    }

    default String alias() {
        return Ifla.IFALIAS.get(attrs());
    }

    /** IF_OPER_*; see {@link Rtnl#operstateName}. */
    default Integer operstate() {
        return Ifla.OPERSTATE.get(attrs());
    }

    default Boolean carrier() {
        Integer carrier = Ifla.CARRIER.get(attrs());
        return carrier == null ? null : carrier != 0;
    }

    /** The id, in this link's namespace, of the namespace that holds its peer or lower link. */
    default Integer linkNetnsId() {
        return Ifla.LINK_NETNSID.get(attrs());
    }

    /** In a request: the fd of the namespace the link is to be created in or moved to. */
    default Integer netNsFd() {
        return Ifla.NET_NS_FD.get(attrs());
    }

    /** The IFLA_LINKINFO nest, or null. */
    default Attrs linkInfo() {
        return Ifla.LINKINFO.get(attrs());
    }

    /** IFLA_INFO_KIND: "veth", "bridge", "macvlan", "vxlan" ...; null for links without a driver kind (lo). */
    default String kind() {
        Attrs info = linkInfo();
        return info == null ? null : Ifla.INFO_KIND.get(info);
    }

    /** IFLA_INFO_SLAVE_KIND: the master's kind as seen from a port, e.g. "bridge". */
    default String slaveKind() {
        Attrs info = linkInfo();
        return info == null ? null : Ifla.INFO_SLAVE_KIND.get(info);
    }

    /** IFLA_INFO_DATA, whose attribute types depend on {@link #kind()} (IFLA_BR_*, IFLA_VXLAN_* ...). */
    default Attrs infoData() {
        Attrs info = linkInfo();
        return info == null ? null : Ifla.INFO_DATA.get(info);
    }

    /** IFLA_INFO_SLAVE_DATA, whose attribute types depend on {@link #slaveKind()} (IFLA_BRPORT_* ...). */
    default Attrs slaveData() {
        Attrs info = linkInfo();
        return info == null ? null : Ifla.INFO_SLAVE_DATA.get(info);
    }

    /** IFLA_INFO_KIND with IFLA_INFO_DATA as one value (see {@link LinkKind}); null for links without a kind. */
    default LinkKind linkKind() {
        return LinkKind.read(this);
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
}
