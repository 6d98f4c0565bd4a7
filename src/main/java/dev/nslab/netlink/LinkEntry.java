package dev.nslab.netlink;

import dev.nslab.netlink.nl.Attr;
import dev.nslab.netlink.nl.Attrs;
import dev.nslab.netlink.nl.LinkMessage;
import dev.nslab.netlink.nl.Rtnl;

/**
 * One link as a dump reports it (RTM_NEWLINK), decoded into what nslab plans and shows with.
 *
 * @param linkIndex    IFLA_LINK: for a veth, the peer's ifindex (in the peer's namespace)
 * @param linkNetnsId  IFLA_LINK_NETNSID: the peer's namespace as a local nsid, null when same
 * @param masterIndex  0 when not enslaved
 */
public record LinkEntry(int index, String name, String kind, String slaveKind, int flags, String operstate,
                        Integer mtu, byte[] mac, int masterIndex, String alias, int linkIndex,
                        Integer linkNetnsId, Boolean carrier, Boolean stp, Integer forwardDelaySeconds,
                        Integer macvlanMode, Integer vxlanId) {

    public static LinkEntry of(LinkMessage m) {
        Attrs data = m.infoData();
        String kind = m.kind();
        Boolean stp = null;
        Integer forwardDelay = null;
        Integer macvlanMode = null;
        Integer vxlanId = null;
        if (data != null && "bridge".equals(kind)) {
            stp = u32(data, Rtnl.IFLA_BR_STP_STATE) == null ? null : u32(data, Rtnl.IFLA_BR_STP_STATE) != 0;
            Integer fd = u32(data, Rtnl.IFLA_BR_FORWARD_DELAY);
            forwardDelay = fd == null ? null : fd / 100;
        } else if (data != null && "macvlan".equals(kind)) {
            macvlanMode = u32(data, Rtnl.IFLA_MACVLAN_MODE);
        } else if (data != null && "vxlan".equals(kind)) {
            vxlanId = u32(data, Rtnl.IFLA_VXLAN_ID);
        }
        Boolean carrier = m.carrier();
        Integer master = m.master();
        Integer link = m.link();
        return new LinkEntry(m.ifi().index(), m.ifname(), kind, m.slaveKind(), m.ifi().flags(),
                Rtnl.operstateName(m.operstate() == null ? 0 : m.operstate()), m.mtu(), m.address(),
                master == null ? 0 : master, m.alias(), link == null ? 0 : link, m.linkNetnsId(),
                carrier, stp, forwardDelay, macvlanMode, vxlanId);
    }

    private static Integer u32(Attrs attrs, int type) {
        Attr a = attrs.get(type);
        return a == null ? null : a.u32();
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
