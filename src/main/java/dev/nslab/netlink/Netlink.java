package dev.nslab.netlink;

import dev.nslab.netlink.nl.AddrMessage;
import dev.nslab.netlink.nl.Attrs;
import dev.nslab.netlink.nl.Ifla;
import dev.nslab.netlink.nl.LinkMessage;
import dev.nslab.netlink.nl.Netnsa;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.RawMessage;
import dev.nslab.netlink.nl.RouteMessage;
import dev.nslab.netlink.nl.Tc;
import dev.nslab.netlink.nl.TcMessage;
import dev.nslab.netlink.nl.TcOptions;
import dev.nslab.netlink.nl.Rtnl;
import dev.nslab.sys.Errno;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The handle to one namespace's rtnetlink: immediate operations, dumps, and {@link Batch}es.
 * <p>
 * Open it on a thread that is inside the namespace (see {@code netns.InNamespace}); it keeps
 * talking to that namespace from any thread afterwards. One user at a time.
 */
public final class Netlink implements AutoCloseable {
    private final Transport socket;
    private final Wire wire;

    private Netlink(Transport socket) {
        this.socket = socket;
        this.wire = new Wire(socket);
    }

    /** A handle to the calling thread's namespace. */
    public static Netlink open() {
        return new Netlink(NetlinkSocket.open());
    }

    /**
     * A handle over an already open transport: a socket with a forced receive buffer size, or
     * a spec's scripted kernel.
     */
    public static Netlink over(Transport transport) {
        return new Netlink(transport);
    }

    /** The transport: the namespace's {@link NetlinkSocket} unless {@link #over} gave another. */
    public Transport socket() {
        return socket;
    }

    /** A new, empty batch on this handle's transport; each request's tag comes back typed. */
    public <T> Batch<T> batch() {
        return new Batch<>(socket);
    }

    /** Sends one request and waits for its ack; throws {@link NetlinkException} if refused. */
    public void execute(Request request) {
        new Batch<Void>(socket).add(request).execute().orThrow();
    }

    // ---- links ---------------------------------------------------------------------------

    /**
     * Creates a link.
     * <p>Equivalent to: {@code ip link add $name [netns $ns] [master $br] [up] type $kind ...},
     * for a veth with the peer placed directly: {@code ... type veth peer name $peer netns $peerNs}
     */
    public void linkAdd(NewLink link) {
        execute(Requests.linkAdd(link));
    }

    /** Equivalent to: {@code ip link del $name} */
    public void linkDel(String name) {
        execute(Requests.linkDel(LinkRef.byName(name)));
    }

    /** Equivalent to: {@code ip link set $name up} */
    public void linkSetUp(String name) {
        execute(Requests.linkSetUp(LinkRef.byName(name)));
    }

    /** Equivalent to: {@code ip link set $name down} */
    public void linkSetDown(String name) {
        execute(Requests.linkSetDown(LinkRef.byName(name)));
    }

    /** Equivalent to: {@code ip link set $name mtu $mtu} */
    public void linkSetMtu(String name, int mtu) {
        execute(Requests.linkSetMtu(LinkRef.byName(name), mtu));
    }

    /** Equivalent to: {@code ip link set $name address $mac} */
    public void linkSetMac(String name, String mac) {
        execute(Requests.linkSetMac(LinkRef.byName(name), Macs.parse(mac)));
    }

    /** Equivalent to: {@code ip link set $name master $bridge} */
    public void linkSetMaster(String name, String bridge) {
        LinkEntry master = linkByName(bridge).orElseThrow(() -> missing("link set " + name + " master " + bridge, bridge));
        execute(Requests.linkSetMaster(LinkRef.byName(name), master.index(), bridge));
    }

    /** Equivalent to: {@code ip link set $name nomaster} */
    public void linkSetNoMaster(String name) {
        execute(Requests.linkSetNoMaster(LinkRef.byName(name)));
    }

    /** Equivalent to: {@code ip link set $name netns $ns} (the namespace as an open nsfs fd). */
    public void linkSetNs(String name, int nsFd, String nsName) {
        execute(Requests.linkSetNs(LinkRef.byName(name), nsFd, nsName));
    }

    /** Equivalent to: {@code ip link set $name name $newName} */
    public void linkRename(String name, String newName) {
        execute(Requests.linkRename(LinkRef.byIndex(indexOf(name), name), newName));
    }

    /** Equivalent to: {@code ip link set $name alias $alias} */
    public void linkSetAlias(String name, String alias) {
        execute(Requests.linkSetAlias(LinkRef.byName(name), alias));
    }

    /** Equivalent to: {@code ip link show} */
    public List<LinkEntry> linkList() {
        List<LinkEntry> out = new ArrayList<>();
        for (NlMessage m : dump(Requests.linkDump())) {
            if (m instanceof LinkMessage l) {
                out.add(LinkEntry.of(l));
            }
        }
        return out;
    }

    /**
     * Every bridge port of this namespace with its spanning-tree state (IFLA_PROTINFO/IFLA_BRPORT_STATE
     * of an AF_BRIDGE link dump).
     * <p>Equivalent to: {@code bridge link show}
     */
    public List<BridgePort> bridgePortList() {
        List<BridgePort> out = new ArrayList<>();
        for (NlMessage m : dump(Requests.bridgePortDump())) {
            if (m instanceof LinkMessage l && l.ifi().family() == Rtnl.AF_BRIDGE) {
                Attrs info = Ifla.PROTINFO.get(l.attrs());
                Integer state = info == null ? null : Ifla.BRPORT_STATE.get(info);
                Integer master = l.master();
                out.add(new BridgePort(l.ifi().index(), l.ifname(), master == null ? 0 : master,
                        state == null ? BridgePort.State.UNKNOWN : BridgePort.State.of(state)));
            }
        }
        return out;
    }

    /**
     * The link called exactly {@code name}, if any. A lookup by name also matches alternative
     * names, so the returned IFLA_IFNAME is compared before the answer is believed.
     * <p>Equivalent to: {@code ip link show $name}
     */
    public Optional<LinkEntry> linkByName(String name) {
        try {
            for (NlMessage m : wire.exchange(Requests.linkGet(name))) {
                if (m instanceof LinkMessage l && name.equals(l.ifname())) {
                    return Optional.of(LinkEntry.of(l));
                }
            }
            return Optional.empty();
        } catch (NetlinkException e) {
            if (e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The id this handle's namespace uses for the namespace open as {@code nsFd} (what its veths
     * name in IFLA_LINK_NETNSID), or empty when it has given that namespace none.
     * <p>Equivalent to: {@code ip netns list-id}, the row of that namespace
     */
    public java.util.OptionalInt nsidOf(int nsFd) {
        return nsidsOf(List.of(nsFd)).get(0);
    }

    /**
     * {@link #nsidOf} for many namespaces: the requests go out a window at a time, so a lab of
     * 500 costs two round trips, not 500.
     * <p>Equivalent to: {@code ip netns list-id}, matched to each namespace.
     */
    public List<java.util.OptionalInt> nsidsOf(List<Integer> nsFds) {
        List<java.util.OptionalInt> ids = new ArrayList<>();
        for (List<NlMessage> answer : wire.exchangeAll(nsFds.stream().map(Requests::nsidGet).toList())) {
            ids.add(answer.stream().map(Netlink::nsidIn).filter(java.util.OptionalInt::isPresent).findFirst()
                    .orElse(java.util.OptionalInt.empty()));
        }
        return ids;
    }

    private static java.util.OptionalInt nsidIn(NlMessage m) {
        if (m instanceof RawMessage r && r.header().type() == Rtnl.RTM_NEWNSID) {
            byte[] p = r.payload();
            Integer id = p.length < Netnsa.HEADER ? null
                    : Netnsa.NSID.get(Attrs.parse(java.nio.ByteBuffer.wrap(p), Netnsa.HEADER, p.length - Netnsa.HEADER));
            if (id != null && id >= 0) {
                return java.util.OptionalInt.of(id);
            }
        }
        return java.util.OptionalInt.empty();
    }

    // ---- addresses -----------------------------------------------------------------------

    /** Equivalent to: {@code ip addr add $address/$prefixLen dev $dev [nodad]} */
    public void addrAdd(String dev, InetAddress address, int prefixLen, boolean nodad) {
        execute(Requests.addrAdd(indexOf(dev), dev, address, prefixLen, nodad));
    }

    /** Equivalent to: {@code ip addr del $address/$prefixLen dev $dev} */
    public void addrDel(String dev, InetAddress address, int prefixLen) {
        execute(Requests.addrDel(indexOf(dev), dev, address, prefixLen));
    }

    /** Equivalent to: {@code ip addr show} */
    public List<AddressEntry> addrList() {
        List<AddressEntry> out = new ArrayList<>();
        for (NlMessage m : dump(Requests.addrDump())) {
            if (m instanceof AddrMessage a) {
                out.add(AddressEntry.of(a));
            }
        }
        return out;
    }

    // ---- routes --------------------------------------------------------------------------

    /** Equivalent to: {@code ip route add $dst [via $gw] [dev $dev] proto 78} */
    public void routeAdd(RouteSpec route) {
        execute(Requests.routeAdd(route));
    }

    /** Equivalent to: {@code ip route replace $dst [via $gw] [dev $dev] proto 78} */
    public void routeReplace(RouteSpec route) {
        execute(Requests.routeReplace(route));
    }

    /** Equivalent to: {@code ip route del $dst [via $gw] [dev $dev]} */
    public void routeDel(RouteSpec route) {
        execute(Requests.routeDel(route));
    }

    /** Equivalent to: {@code ip route show table all} (IPv4 and IPv6). */
    public List<RouteEntry> routeList() {
        List<RouteEntry> out = new ArrayList<>();
        for (NlMessage m : dump(Requests.routeDump())) {
            if (m instanceof RouteMessage r) {
                out.add(RouteEntry.of(r));
            }
        }
        return out;
    }

    /** Builds a {@link RouteSpec}, resolving the output device's ifindex when one is named. */
    public RouteSpec route(InetAddress dst, int dstLen, InetAddress gateway, String dev, int family) {
        return new RouteSpec(family, dst, dstLen, gateway, dev == null ? 0 : indexOf(dev), dev);
    }

    private int indexOf(String dev) {
        return linkByName(dev).orElseThrow(() -> missing("link show " + dev, dev)).index();
    }

    private static NetlinkException missing(String command, String dev) {
        return new NetlinkException(command, Errno.ENODEV.number, "no link called '" + dev + "' in this namespace");
    }

    // ---- traffic control -----------------------------------------------------------------

    /**
     * Puts a qdisc at {@code parent} ({@link Tc#TC_H_ROOT} for the device's root); fails with
     * EEXIST when one is there, and {@link NetlinkException#isUnknownQdiscKind} when the kernel
     * lacks the kind.
     * <p>Equivalent to: {@code tc qdisc add dev $dev (root | parent $parent) [handle $handle] $kind $options}
     */
    public void qdiscAdd(String dev, int parent, int handle, TcOptions options) {
        execute(TcRequests.qdiscAdd(ref(dev), parent, handle, options));
    }

    /** Equivalent to: {@code tc qdisc replace dev $dev (root | parent $parent) [handle $handle] $kind $options} */
    public void qdiscReplace(String dev, int parent, int handle, TcOptions options) {
        execute(TcRequests.qdiscReplace(ref(dev), parent, handle, options));
    }

    /** Equivalent to: {@code tc qdisc change dev $dev (root | parent $parent) [handle $handle] $kind $options} */
    public void qdiscChange(String dev, int parent, int handle, TcOptions options) {
        execute(TcRequests.qdiscChange(ref(dev), parent, handle, options));
    }

    /** Equivalent to: {@code tc qdisc del dev $dev (root | parent $parent) [handle $handle]} */
    public void qdiscDel(String dev, int parent, int handle) {
        execute(TcRequests.qdiscDel(ref(dev), parent, handle));
    }

    /**
     * Every device's qdiscs in this namespace, one dump.
     * <p>Equivalent to: {@code tc qdisc show}
     */
    public List<TcEntry> qdiscList() {
        List<TcEntry> out = new ArrayList<>();
        for (NlMessage m : dump(TcRequests.qdiscDump(null))) {
            if (m instanceof TcMessage t && !t.isClass()) {
                out.add(TcEntry.of(t));
            }
        }
        return out;
    }

    /** Equivalent to: {@code tc qdisc show dev $dev} */
    public List<TcEntry> qdiscList(String dev) {
        return tcList(TcRequests.qdiscDump(ref(dev)), indexOf(dev));
    }

    /** Equivalent to: {@code tc class add dev $dev parent $parent classid $classid $kind $options} */
    public void classAdd(String dev, int parent, int classid, TcOptions options) {
        execute(TcRequests.classAdd(ref(dev), parent, classid, options));
    }

    /** Equivalent to: {@code tc class replace dev $dev parent $parent classid $classid $kind $options} */
    public void classReplace(String dev, int parent, int classid, TcOptions options) {
        execute(TcRequests.classReplace(ref(dev), parent, classid, options));
    }

    /** Equivalent to: {@code tc class change dev $dev parent $parent classid $classid $kind $options} */
    public void classChange(String dev, int parent, int classid, TcOptions options) {
        execute(TcRequests.classChange(ref(dev), parent, classid, options));
    }

    /** Equivalent to: {@code tc class del dev $dev classid $classid} */
    public void classDel(String dev, int classid) {
        execute(TcRequests.classDel(ref(dev), classid));
    }

    /** Equivalent to: {@code tc class show dev $dev} */
    public List<TcEntry> classList(String dev) {
        return tcList(TcRequests.classDump(ref(dev)), indexOf(dev));
    }

    /** The device's entries of a qdisc or class dump: the kernel answers for every device, as tc filters too. */
    private List<TcEntry> tcList(Request dump, int ifindex) {
        List<TcEntry> out = new ArrayList<>();
        for (NlMessage m : dump(dump)) {
            if (m instanceof TcMessage t && t.tcm().ifindex() == ifindex) {
                out.add(TcEntry.of(t));
            }
        }
        return out;
    }

    private LinkRef ref(String dev) {
        return LinkRef.byIndex(indexOf(dev), dev);
    }

    // ---- the wire ------------------------------------------------------------------------

    /**
     * Sends a dump request and reads every part up to NLMSG_DONE; an interrupted or overrun
     * dump is redone (see {@link Wire#dump}).
     */
    public List<NlMessage> dump(Request request) {
        return wire.dump(request);
    }

    @Override
    public void close() {
        socket.close();
    }
}
