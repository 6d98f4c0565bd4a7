package dev.nslab.netlink;

import dev.nslab.netlink.nl.AddrMessage;
import dev.nslab.netlink.nl.Attrs;
import dev.nslab.netlink.nl.DoneMessage;
import dev.nslab.netlink.nl.ErrorMessage;
import dev.nslab.netlink.nl.Ifla;
import dev.nslab.netlink.nl.LinkMessage;
import dev.nslab.netlink.nl.Netnsa;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.NlWriter;
import dev.nslab.netlink.nl.RawMessage;
import dev.nslab.netlink.nl.RouteMessage;
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
    private static final int DUMP_ATTEMPTS = 10;
    private final Transport socket;
    private final NlWriter writer = new NlWriter();

    private Netlink(Transport socket) {
        this.socket = socket;
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
            for (NlMessage m : exchange(Requests.linkGet(name))) {
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
        List<java.util.OptionalInt> ids = new ArrayList<>(java.util.Collections.nCopies(nsFds.size(), java.util.OptionalInt.empty()));
        for (int from = 0; from < nsFds.size(); from += Batch.DEFAULT_WINDOW) {
            int to = Math.min(nsFds.size(), from + Batch.DEFAULT_WINDOW);
            java.util.Map<Integer, Integer> pending = new java.util.HashMap<>();
            writer.reset();
            for (int i = from; i < to; i++) {
                int seq = socket.nextSeq();
                Requests.nsidGet(nsFds.get(i)).encoder().write(writer, seq);
                pending.put(seq, i);
            }
            socket.send(writer.toByteArray(), 0, writer.size());
            while (!pending.isEmpty()) {
                for (NlMessage m : socket.receiveMessages(false)) {
                    Integer i = m.header().pid() == socket.portId() ? pending.get(m.header().seq()) : null;
                    if (i == null) {
                        continue;
                    }
                    if (m instanceof ErrorMessage e) {
                        pending.remove(m.header().seq());
                        if (e.error() != 0) {
                            throw new NetlinkException(Requests.nsidGet(nsFds.get(i)).command(), -e.error(), e.extAckMessage());
                        }
                    } else {
                        ids.set(i, nsidIn(m));
                    }
                }
            }
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

    // ---- the wire ------------------------------------------------------------------------

    /**
     * Sends a dump request and reads every part up to NLMSG_DONE. A dump the kernel marks
     * interrupted (NLM_F_DUMP_INTR: the state changed under it) is redone, and so is one whose
     * replies overran the buffer: nothing is ever planned from a partial picture.
     */
    public List<NlMessage> dump(Request request) {
        for (int attempt = 0; attempt < DUMP_ATTEMPTS; attempt++) {
            int seq = send(request);
            List<NlMessage> parts = new ArrayList<>();
            boolean interrupted = false;
            try {
                boolean done = false;
                while (!done) {
                    for (NlMessage m : socket.receiveMessages(false)) {
                        if (m.header().seq() != seq || m.header().pid() != socket.portId()) {
                            continue;
                        }
                        interrupted |= (m.header().flags() & Rtnl.NLM_F_DUMP_INTR) != 0;
                        if (m instanceof DoneMessage d) {
                            if (d.error() < 0) {
                                throw new NetlinkException(request.command(), -d.error(), null);
                            }
                            done = true;
                        } else if (m instanceof ErrorMessage e) {
                            if (e.error() != 0) {
                                throw refused(request, e);
                            }
                            done = true;
                        } else {
                            parts.add(m);
                        }
                    }
                }
            } catch (NetlinkOverrunException e) {
                drainQuietly();
                continue;
            }
            if (!interrupted) {
                return parts;
            }
        }
        throw new NetlinkStateUnknownException("'" + request.command() + "': dump interrupted "
                + DUMP_ATTEMPTS + " times in a row (the state keeps changing)");
    }

    /** Sends one request that is answered by data and an ack (a GET), and returns the data. */
    private List<NlMessage> exchange(Request request) {
        int seq = send(request);
        List<NlMessage> data = new ArrayList<>();
        while (true) {
            for (NlMessage m : socket.receiveMessages(false)) {
                if (m.header().seq() != seq || m.header().pid() != socket.portId()) {
                    continue;
                }
                if (m instanceof ErrorMessage e) {
                    if (e.error() != 0) {
                        throw refused(request, e);
                    }
                    return data;
                }
                data.add(m);
            }
        }
    }

    /** The kernel's refusal of {@code request}, the one message in the writer. */
    private NetlinkException refused(Request request, ErrorMessage e) {
        return new NetlinkException(request.command(), -e.error(), e.extAckMessage(),
                Batch.pointedAt(e, writer.slice(0, writer.size())));
    }

    private int send(Request request) {
        int seq = socket.nextSeq();
        writer.reset();
        request.encoder().write(writer, seq);
        socket.send(writer.toByteArray(), 0, writer.size());
        return seq;
    }

    private void drainQuietly() {
        while (true) {
            try {
                if (socket.receive(true) == null) {
                    return;
                }
            } catch (NetlinkOverrunException again) {
                // keep draining
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
