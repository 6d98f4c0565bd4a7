package dev.nslab.apply;

import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Macvlan;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Tap;
import dev.nslab.model.Veth;
import dev.nslab.model.Vxlan;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Macs;
import dev.nslab.netlink.NewLink;
import dev.nslab.netlink.Request;
import dev.nslab.netlink.Requests;
import dev.nslab.netlink.RouteSpec;
import dev.nslab.netlink.nl.LinkKind;
import dev.nslab.netlink.nl.Rtnl;
import dev.nslab.plan.Change;
import dev.nslab.plan.IpText;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Plan steps -> rtnetlink requests, and nothing else: no socket, no file, no clock. What it needs
 * of the world (a namespace's fd, the index of a link made by the kernel's choice) it asks
 * {@link World}; the executor answers from the kernel, a spec from a table.
 * <p>
 * Each request is sent named by the step's {@link IpText#command}, so a refusal quotes the line
 * the plan printed. A new kind of change is one {@link Phase} (when it runs) and one case in
 * {@link #translate(Change)} (what it sends); steps that are not netlink requests (namespaces,
 * taps, sysctls) are the executor's own phases.
 */
final class Translator {

    /** When a step runs, in this order; each netlink phase is one batch per namespace. */
    enum Phase {
        /** namespaces the lab no longer declares (executor) */
        NAMESPACE_DEL("namespaces removed"),
        /** links, addresses and routes the lab no longer declares */
        REMOVE("removals"),
        /** namespaces, each with a netlink socket opened inside (executor) */
        NAMESPACE("namespaces created"),
        /** taps, through /dev/net/tun: the kernel chooses their index, so before the others (executor) */
        TAP("taps created"),
        /** bridges and veths (each veth end made directly in its namespace) */
        LINK("links created"),
        /** macvlans and vxlans, on a lower device that may have been made just before */
        LINK_ON_LOWER("links on lower devices created"),
        /** uplinks moved into their namespaces */
        UPLINK_MOVE("uplinks moved"),
        /** link settings, addresses, routes */
        SETTINGS("links set, addresses and routes added"),
        /** sysctls, through /proc/sys (executor) */
        SYSCTL("sysctls"),
        /** root qdiscs (shaping), once the links are up ({@link Qdiscs}) */
        QDISC("qdiscs");

        final String done;

        Phase(String done) {
            this.done = done;
        }
    }

    /** What translating needs from outside: a namespace's nsfs fd, a link's index by name. */
    interface World {
        int nsFd(String namespace);

        /** The index of a link this run does not know, asked of the kernel (empty: no such link). */
        OptionalInt lookup(String namespace, String name);
    }

    /**
     * One request, the namespace whose socket sends it, and the step it carries out.
     *
     * @param wire the request as netlink describes it (with the ifindexes and fds it names)
     */
    record Step(String namespace, Request wire, Change change) {
        /** The request as sent: named by the step's command as the plan prints it, which a refusal quotes. */
        Request request() {
            return new Request(IpText.command(change), wire.encoder());
        }
    }

    private final Indexes indexes;
    private final World world;

    Translator(Indexes indexes, World world) {
        this.indexes = indexes;
        this.world = world;
    }

    Indexes indexes() {
        return indexes;
    }

    static Phase phaseOf(Change c) {
        if (c instanceof Change.NamespaceDel) {
            return Phase.NAMESPACE_DEL;
        }
        if (c instanceof Change.LinkDel || c instanceof Change.AddrDel || c instanceof Change.RouteDel) {
            return Phase.REMOVE;
        }
        if (c instanceof Change.NamespaceAdd) {
            return Phase.NAMESPACE;
        }
        if (c instanceof Change.LinkAdd a) {
            Link l = a.link();
            return l instanceof Tap ? Phase.TAP : l instanceof Bridge || l instanceof Veth ? Phase.LINK : Phase.LINK_ON_LOWER;
        }
        if (c instanceof Change.UplinkMove) {
            return Phase.UPLINK_MOVE;
        }
        if (c instanceof Change.LinkSet || c instanceof Change.AddrAdd || c instanceof Change.RouteReplace) {
            return Phase.SETTINGS;
        }
        if (c instanceof Change.SysctlSet) {
            return Phase.SYSCTL;
        }
        if (c instanceof Change.QdiscChange) {
            return Phase.QDISC;
        }
        throw new IllegalArgumentException("no phase for " + c.getClass().getSimpleName());
    }

    /** The requests of every step in {@code changes} that runs in {@code phase}, in plan order. */
    List<Step> translate(Phase phase, List<Change> changes) {
        List<Step> steps = new ArrayList<>();
        for (Change c : changes) {
            if (phaseOf(c) == phase) {
                steps.add(translate(c));
            }
        }
        return steps;
    }

    /** One step's request. Chooses the index of a link it creates, and forgets one it removes. */
    Step translate(Change c) {
        String ns = c.namespace();
        Request r;
        if (c instanceof Change.LinkDel d) {
            r = Requests.linkDel(LinkRef.byName(d.name()));
            indexes.forget(ns, d.name());
        } else if (c instanceof Change.AddrDel d) {
            r = Requests.addrDel(index(ns, d.dev(), c), d.dev(), d.prefix().address(), d.prefix().length());
        } else if (c instanceof Change.RouteDel d) {
            r = Requests.routeDel(route(d.route().destination(), d.route().destination().address(), d.route().gateway(),
                    d.route().oif(), d.dev()));
        } else if (c instanceof Change.LinkAdd a) {
            return linkAdd(a);
        } else if (c instanceof Change.UplinkMove m) {
            String name = m.uplink().name();
            indexes.forget(Namespace.HOST, name);
            return new Step(Namespace.HOST, Requests.linkSetNs(LinkRef.byName(name), world.nsFd(ns), ns), c);
        } else if (c instanceof Change.LinkSet set) {
            r = linkSet(set);
        } else if (c instanceof Change.AddrAdd a) {
            // IPv6 without DAD: a lab's addresses are unique by validation, and DAD would leave
            // them unusable ("tentative") for seconds after carrier (docs/kernel-facts.md, "IPv6").
            r = Requests.addrAdd(index(ns, a.dev(), c), a.dev(), a.prefix().address(), a.prefix().length(), a.prefix().isIpv6());
        } else if (c instanceof Change.RouteReplace rr) {
            var route = rr.route();
            int oif = route.dev() == null ? 0 : index(ns, route.dev(), c);
            r = Requests.routeReplace(route(route.destination(), route.destination().network().address(), route.via(), oif,
                    route.dev()));
        } else {
            throw new IllegalArgumentException("not a netlink step: " + IpText.batchLine(c));
        }
        return new Step(ns, r, c);
    }

    /** The lab's mark (alias) on a host link it made, so that {@code down} knows it is the lab's. */
    Request ownerTag(String name, String aliasTag) {
        return Requests.linkSetAlias(LinkRef.byName(name), aliasTag);
    }

    private Request linkSet(Change.LinkSet set) {
        LinkRef ref = LinkRef.byIndex(index(set.namespace(), set.name(), set), set.name());
        return switch (set.attribute()) {
            case UP -> Requests.linkSetUp(ref);
            case DOWN -> Requests.linkSetDown(ref);
            case MTU -> Requests.linkSetMtu(ref, Integer.parseInt(set.value()));
            case MAC -> Requests.linkSetMac(ref, Macs.parse(set.value()));
            case MASTER -> Requests.linkSetMaster(ref, index(set.namespace(), set.value(), set), set.value());
            case NOMASTER -> Requests.linkSetNoMaster(ref);
            case NO_IPV6_LINK_LOCAL -> Requests.linkSetIpv6AddrGenModeNone(ref);
        };
    }

    /**
     * A bridge is made by its namespace's socket; a veth by the host's, each end directly in its
     * namespace by fd (docs/kernel-facts.md, "Links"), so that one host batch makes a whole star.
     */
    private Step linkAdd(Change.LinkAdd a) {
        Link link = a.link();
        String ns = link.namespace();
        LinkKind kind = kindOf(link, a);
        int avoid = kind instanceof LinkKind.Veth v ? v.peerIndex() : -1;
        NewLink nl = NewLink.of(link.name(), kind).withIndex(indexes.assign(ns, link.name(), avoid))
                .withMtu(link.mtu()).withMac(link.mac() == null ? null : Macs.parse(link.mac()));
        if (link instanceof Veth) {
            Request r = Requests.linkAdd(Namespace.isHost(ns) ? nl : nl.inNamespace(world.nsFd(ns)));
            return new Step(Namespace.HOST, r, a);
        }
        return new Step(ns, Requests.linkAdd(nl), a);
    }

    private LinkKind kindOf(Link link, Change cause) {
        if (link instanceof Veth v) {
            LinkAttrs peer = v.peer();
            Integer peerFd = Namespace.isHost(peer.namespace()) ? null : world.nsFd(peer.namespace());
            return new LinkKind.Veth(peer.name(), peerFd, indexes.assign(peer.namespace(), peer.name(), -1), peer.mtu(),
                    peer.mac() == null ? null : Macs.parse(peer.mac()));
        }
        if (link instanceof Bridge b) {
            return new LinkKind.Bridge(b.stp() ? Boolean.TRUE : null, b.forwardDelay());
        }
        if (link instanceof Macvlan m) {
            return new LinkKind.Macvlan(index(m.namespace(), m.parent(), cause), macvlanMode(m.mode().word()));
        }
        if (link instanceof Vxlan v) {
            return new LinkKind.Vxlan(v.id(), v.remote(), v.local(), v.group(), v.dstport(),
                    v.dev() == null ? null : index(v.namespace(), v.dev(), cause));
        }
        throw new IllegalArgumentException("no netlink form for " + link.kind());
    }

    private static int macvlanMode(String word) {
        return switch (word) {
            case "private" -> Rtnl.MACVLAN_MODE_PRIVATE;
            case "vepa" -> Rtnl.MACVLAN_MODE_VEPA;
            case "passthru" -> Rtnl.MACVLAN_MODE_PASSTHRU;
            default -> Rtnl.MACVLAN_MODE_BRIDGE;
        };
    }

    private static RouteSpec route(Prefix dst, InetAddress address, InetAddress gateway, int oif, String dev) {
        return new RouteSpec(dst.isIpv6() ? Rtnl.AF_INET6 : Rtnl.AF_INET, address, dst.length(), gateway, oif, dev);
    }

    /** The index of a link the step names: chosen or read earlier in this run, else asked of the kernel. */
    int index(String ns, String name, Change cause) {
        Integer i = indexes.known(ns, name);
        if (i == null) {
            OptionalInt found = world.lookup(ns, name);
            if (found.isEmpty()) {
                throw new ApplyException(cause, null, "no link '" + name + "' in " + Namespace.describe(ns));
            }
            i = found.getAsInt();
            indexes.remember(ns, name, i);
        }
        return i;
    }
}
