package dev.nslab.netlink;

import dev.nslab.model.Addresses;

import dev.nslab.netlink.nl.IfAddrMsg;
import dev.nslab.netlink.nl.IfInfoMsg;
import dev.nslab.netlink.nl.Ifa;
import dev.nslab.netlink.nl.Ifla;
import dev.nslab.netlink.nl.LinkKind;
import dev.nslab.netlink.nl.Netnsa;
import dev.nslab.netlink.nl.NlWriter;
import dev.nslab.netlink.nl.Rta;
import dev.nslab.netlink.nl.RtMsg;

import java.net.Inet6Address;
import java.net.InetAddress;

import static dev.nslab.netlink.nl.Rtnl.*;

/**
 * Builds the rtnetlink requests nslab sends, one static factory per operation. Each request
 * carries the {@code ip} command it equals, which is what errors and plans show. Building does
 * no I/O: a request is written only when a {@link Batch} or {@link Netlink} sends it.
 */
public final class Requests {
    /**
     * rtm_protocol of every route nslab adds, so that its routes are recognisable in any dump
     * ({@link RouteEntry#ownedByNslab}); the only place that says which number it is.
     */
    public static final int ROUTE_PROTOCOL = 78;
    private static final int REQ = NLM_F_REQUEST | NLM_F_ACK;

    private Requests() {
    }

    // ---- links ---------------------------------------------------------------------------

    /** {@code ip link add NAME [up] [mtu N] [address MAC] [master BR] [netns NS] type KIND ...} */
    public static Request linkAdd(NewLink link) {
        return new Request(describeLinkAdd(link), (w, seq) -> {
            int m = w.beginMessage(RTM_NEWLINK, REQ | NLM_F_CREATE | NLM_F_EXCL, seq, 0);
            int flags = link.up() ? IFF_UP : 0;
            w.put(new IfInfoMsg(AF_UNSPEC, 0, link.index(), flags, flags));
            if (link.kind() instanceof LinkKind.Macvlan mv) {
                w.put(Ifla.LINK, mv.parentIndex()); // the lower device is IFLA_LINK, not kind data
            }
            w.put(Ifla.IFNAME, link.name());
            if (link.mtu() != null) {
                w.put(Ifla.MTU, link.mtu());
            }
            if (link.mac() != null) {
                w.put(Ifla.ADDRESS, link.mac());
            }
            if (link.nsFd() != null) {
                w.put(Ifla.NET_NS_FD, link.nsFd());
            }
            if (link.masterIndex() != null) {
                w.put(Ifla.MASTER, link.masterIndex());
            }
            int info = w.beginNest(IFLA_LINKINFO);
            link.kind().writeInfo(w);
            w.endNest(info);
            w.endMessage(m);
        });
    }

    private static String describeLinkAdd(NewLink l) {
        StringBuilder s = new StringBuilder("link add ").append(l.name());
        if (l.index() > 0) {
            s.append(" index ").append(l.index());
        }
        if (l.up()) {
            s.append(" up");
        }
        if (l.mtu() != null) {
            s.append(" mtu ").append(l.mtu());
        }
        if (l.mac() != null) {
            s.append(" address ").append(Macs.format(l.mac()));
        }
        if (l.masterIndex() != null) {
            s.append(" master ifindex:").append(l.masterIndex());
        }
        if (l.nsFd() != null) {
            s.append(" netns fd:").append(l.nsFd());
        }
        s.append(" type ").append(l.kind().kind());
        if (l.kind() instanceof LinkKind.Veth v) {
            s.append(" peer name ").append(v.peerName());
            if (v.peerNsFd() != null) {
                s.append(" netns fd:").append(v.peerNsFd());
            }
        } else if (l.kind() instanceof LinkKind.Bridge b) {
            if (b.stp() != null) {
                s.append(" stp_state ").append(b.stp() ? 1 : 0);
            }
            if (b.forwardDelaySeconds() != null) {
                s.append(" forward_delay ").append(Ifla.CLOCK_T.wire(b.forwardDelaySeconds()));
            }
        } else if (l.kind() instanceof LinkKind.Vxlan vx) {
            s.append(" id ").append(vx.vni());
        }
        return s.toString();
    }

    /** {@code ip link del NAME} */
    public static Request linkDel(LinkRef link) {
        return new Request("link del " + link, (w, seq) -> {
            int m = w.beginMessage(RTM_DELLINK, REQ, seq, 0);
            putLinkRef(w, link);
            w.endMessage(m);
        });
    }

    /** {@code ip link set NAME up} */
    public static Request linkSetUp(LinkRef link) {
        return linkSetFlags(link, true);
    }

    /** {@code ip link set NAME down} */
    public static Request linkSetDown(LinkRef link) {
        return linkSetFlags(link, false);
    }

    private static Request linkSetFlags(LinkRef link, boolean up) {
        return new Request("link set " + link + (up ? " up" : " down"), (w, seq) -> {
            int m = w.beginMessage(RTM_NEWLINK, REQ, seq, 0);
            w.put(new IfInfoMsg(AF_UNSPEC, 0, link.index(), up ? IFF_UP : 0, IFF_UP));
            if (link.index() == 0) {
                w.put(Ifla.IFNAME, link.name());
            }
            w.endMessage(m);
        });
    }

    /** {@code ip link set NAME mtu N} */
    public static Request linkSetMtu(LinkRef link, int mtu) {
        return linkSet(link, "mtu " + mtu, w -> w.put(Ifla.MTU, mtu));
    }

    /** {@code ip link set NAME address MAC} */
    public static Request linkSetMac(LinkRef link, byte[] mac) {
        return linkSet(link, "address " + Macs.format(mac), w -> w.put(Ifla.ADDRESS, mac));
    }

    /** {@code ip link set NAME master BRIDGE} */
    public static Request linkSetMaster(LinkRef link, int masterIndex, String masterName) {
        return linkSet(link, "master " + masterName, w -> w.put(Ifla.MASTER, masterIndex));
    }

    /** {@code ip link set NAME nomaster} */
    public static Request linkSetNoMaster(LinkRef link) {
        return linkSet(link, "nomaster", w -> w.put(Ifla.MASTER, 0));
    }

    /**
     * {@code ip link set NAME addrgenmode none}: the link makes no IPv6 link-local address, so
     * it sends no DAD, router solicitation or MLD report when it comes up (IPv6 itself stays on:
     * an address added later works). The kernel accepts this only once the link exists, not in
     * the request that creates it (EAFNOSUPPORT), and it must come before the link is up.
     */
    public static Request linkSetIpv6AddrGenModeNone(LinkRef link) {
        return linkSet(link, "addrgenmode none", w -> {
            int spec = w.beginNest(IFLA_AF_SPEC);
            int inet6 = w.beginNest(AF_INET6);
            w.put(Ifla.INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
            w.endNest(inet6);
            w.endNest(spec);
        });
    }

    /** {@code ip link set NAME netns NS} */
    public static Request linkSetNs(LinkRef link, int nsFd, String nsName) {
        return linkSet(link, "netns " + nsName, w -> w.put(Ifla.NET_NS_FD, nsFd));
    }

    /** {@code ip link set NAME alias TEXT} (an empty text removes the alias) */
    public static Request linkSetAlias(LinkRef link, String alias) {
        return linkSet(link, "alias " + alias, w -> w.put(Ifla.IFALIAS, alias));
    }

    /**
     * {@code ip link set NAME name NEWNAME}. Needs the ifindex: IFLA_IFNAME carries the new
     * name, and the kernel would look the link up by it.
     */
    public static Request linkRename(LinkRef link, String newName) {
        if (link.index() <= 0) {
            throw new IllegalArgumentException("renaming needs the link's ifindex: " + link);
        }
        return new Request("link set " + link + " name " + newName, (w, seq) -> {
            int m = w.beginMessage(RTM_NEWLINK, REQ, seq, 0);
            w.put(new IfInfoMsg(AF_UNSPEC, 0, link.index(), 0, 0));
            w.put(Ifla.IFNAME, newName);
            w.endMessage(m);
        });
    }

    private static Request linkSet(LinkRef link, String what, java.util.function.Consumer<NlWriter> attrs) {
        return new Request("link set " + link + " " + what, (w, seq) -> {
            int m = w.beginMessage(RTM_NEWLINK, REQ, seq, 0);
            putLinkRef(w, link);
            attrs.accept(w);
            w.endMessage(m);
        });
    }

    private static void putLinkRef(NlWriter w, LinkRef link) {
        w.put(new IfInfoMsg(AF_UNSPEC, 0, link.index(), 0, 0));
        if (link.index() == 0) {
            w.put(Ifla.IFNAME, link.name());
        }
    }

    /** {@code ip link show} as a dump request. */
    public static Request linkDump() {
        return new Request("link show", (w, seq) -> {
            int m = w.beginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
            w.put(new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0));
            w.put(Ifla.EXT_MASK, RTEXT_FILTER_VF);
            w.endMessage(m);
        });
    }

    /** {@code bridge link show} as a dump request: every bridge port, with its STP state (AF_BRIDGE). */
    public static Request bridgePortDump() {
        return new Request("bridge link show", (w, seq) -> {
            int m = w.beginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
            w.put(new IfInfoMsg(AF_BRIDGE, 0, 0, 0, 0));
            w.endMessage(m);
        });
    }

    /** {@code ip link show NAME} */
    public static Request linkGet(String name) {
        return new Request("link show " + name, (w, seq) -> {
            int m = w.beginMessage(RTM_GETLINK, REQ, seq, 0);
            w.put(new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0));
            w.put(Ifla.IFNAME, name);
            w.endMessage(m);
        });
    }

    // ---- namespace ids -------------------------------------------------------------------

    /**
     * {@code ip netns list-id}, for one namespace given as an open nsfs fd: RTM_GETNSID with
     * NETNSA_FD. Asks only; the kernel assigns no id for it.
     */
    public static Request nsidGet(int nsFd) {
        return new Request("netns list-id (namespace fd " + nsFd + ")", (w, seq) -> {
            int m = w.beginMessage(RTM_GETNSID, REQ, seq, 0);
            w.putBytes(new byte[Netnsa.HEADER]); // struct rtgenmsg: family AF_UNSPEC, padded
            w.put(Netnsa.FD, nsFd);
            w.endMessage(m);
        });
    }

    // ---- addresses -----------------------------------------------------------------------

    /** {@code ip addr add ADDR/LEN dev NAME [nodad]} */
    public static Request addrAdd(int ifindex, String dev, InetAddress address, int prefixLen, boolean nodad) {
        return addr(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, dev, address, prefixLen, nodad,
                "addr add " + Addresses.format(address) + "/" + prefixLen + " dev " + dev + (nodad ? " nodad" : ""));
    }

    /** {@code ip addr del ADDR/LEN dev NAME} */
    public static Request addrDel(int ifindex, String dev, InetAddress address, int prefixLen) {
        return addr(RTM_DELADDR, 0, ifindex, dev, address, prefixLen, false,
                "addr del " + Addresses.format(address) + "/" + prefixLen + " dev " + dev);
    }

    private static Request addr(int type, int flags, int ifindex, String dev, InetAddress address, int prefixLen,
                                boolean nodad, String command) {
        int family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
        return new Request(command, (w, seq) -> {
            int m = w.beginMessage(type, REQ | flags, seq, 0);
            w.put(new IfAddrMsg(family, prefixLen, nodad ? IFA_F_NODAD : 0, 0, ifindex));
            w.put(Ifa.LOCAL, address);
            w.put(Ifa.ADDRESS, address);
            w.endMessage(m);
        });
    }

    /** {@code ip addr show} as a dump request (both families). */
    public static Request addrDump() {
        return new Request("addr show", (w, seq) -> {
            int m = w.beginMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
            w.put(new IfAddrMsg(AF_UNSPEC, 0, 0, 0, 0));
            w.endMessage(m);
        });
    }

    // ---- routes --------------------------------------------------------------------------

    /** {@code ip route add DST [via GW] [dev NAME] proto 78} */
    public static Request routeAdd(RouteSpec r) {
        return route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r, "route add ");
    }

    /** {@code ip route replace DST [via GW] [dev NAME] proto 78}: idempotent. */
    public static Request routeReplace(RouteSpec r) {
        return route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, r, "route replace ");
    }

    /** {@code ip route del DST [via GW] [dev NAME]} */
    public static Request routeDel(RouteSpec r) {
        return route(RTM_DELROUTE, 0, r, "route del ");
    }

    private static Request route(int type, int flags, RouteSpec r, String verb) {
        boolean delete = type == RTM_DELROUTE;
        return new Request(verb + r, (w, seq) -> {
            int m = w.beginMessage(type, REQ | flags, seq, 0);
            int scope = delete ? RT_SCOPE_NOWHERE : (r.gateway() == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);
            w.put(new RtMsg(r.family(), r.dstLen(), 0, 0, RT_TABLE_MAIN, delete ? 0 : ROUTE_PROTOCOL,
                    scope, delete ? 0 : RTN_UNICAST, 0));
            if (r.dst() != null && r.dstLen() > 0) {
                w.put(Rta.DST, r.dst());
            }
            if (r.gateway() != null) {
                w.put(Rta.GATEWAY, r.gateway());
            }
            if (r.oif() > 0) {
                w.put(Rta.OIF, r.oif());
            }
            w.endMessage(m);
        });
    }

    /** {@code ip route show table all} as a dump request (both families). */
    public static Request routeDump() {
        return new Request("route show table all", (w, seq) -> {
            int m = w.beginMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
            w.put(new RtMsg(AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0));
            w.endMessage(m);
        });
    }
}
