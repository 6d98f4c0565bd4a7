package dev.nslab.netlink;

import dev.nslab.netlink.nl.LinkKind;
import dev.nslab.netlink.nl.LinkMessage;
import dev.nslab.netlink.nl.Rtnl;

/**
 * One link as a dump reports it (RTM_NEWLINK), decoded into what nslab plans and shows with.
 *
 * @param info         IFLA_INFO_KIND with its IFLA_INFO_DATA, the same model a request is written
 *                     from; null for a link without a kind (lo)
 * @param linkIndex    IFLA_LINK: for a veth, the peer's ifindex (in the peer's namespace)
 * @param linkNetnsId  IFLA_LINK_NETNSID: the peer's namespace as a local nsid, null when same
 * @param masterIndex  0 when not enslaved
 */
public record LinkEntry(int index, String name, LinkKind info, String slaveKind, int flags, String operstate,
                        Integer mtu, byte[] mac, int masterIndex, String alias, int linkIndex,
                        Integer linkNetnsId, Boolean carrier) {

    public static LinkEntry of(LinkMessage m) {
        Integer master = m.master();
        Integer link = m.link();
        return new LinkEntry(m.ifi().index(), m.ifname(), m.linkKind(), m.slaveKind(), m.ifi().flags(),
                Rtnl.operstateName(m.operstate() == null ? 0 : m.operstate()), m.mtu(), m.address(),
                master == null ? 0 : master, m.alias(), link == null ? 0 : link, m.linkNetnsId(), m.carrier());
    }

    /** IFLA_INFO_KIND: "veth", "bridge" ...; null for a link without one (lo). */
    public String kind() {
        return info == null ? null : info.kind();
    }

    /** A bridge's STP state; null for other kinds. */
    public Boolean stp() {
        return info instanceof LinkKind.Bridge b ? b.stp() : null;
    }

    /** A bridge's forward delay in seconds; null for other kinds. */
    public Integer forwardDelaySeconds() {
        return info instanceof LinkKind.Bridge b ? b.forwardDelaySeconds() : null;
    }

    /** Administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** Has carrier (IFF_LOWER_UP): for a veth, its peer is up too. */
    public boolean hasLowerUp() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }

    public boolean isLoopback() {
        return (flags & Rtnl.IFF_LOOPBACK) != 0;
    }
}
