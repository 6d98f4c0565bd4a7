package dev.nslab.apply;

import dev.nslab.model.LiveState;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Topology;
import dev.nslab.netlink.Batch;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.Outcome;
import dev.nslab.netlink.Requests;
import dev.nslab.netlink.RouteSpec;
import dev.nslab.netlink.nl.Rtnl;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.state.Journal;
import dev.nslab.state.JournalRecord;
import dev.nslab.state.UplinkOrigin;
import dev.nslab.sys.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's devices a lab borrows (its uplinks): how each was before the lab first changed it,
 * written to the journal, and given back as it was. Moving a device into a namespace strips its
 * addresses and routes, so they are restored from that record (docs/kernel-facts.md, "Uplinks").
 */
final class Uplinks {
    private static final Logger LOG = LoggerFactory.getLogger(Uplinks.class);

    private Uplinks() {
    }

    /**
     * Writes down how each uplink is before the lab first changes it; returns the names of those
     * this call wrote down (the ones an undo gives back).
     */
    static List<String> recordOrigins(Topology lab, LiveState live, Journal journal) {
        List<String> known = journal.uplinks().stream().map(UplinkOrigin::name).toList();
        LiveNamespace host = live.namespaces().get(Namespace.HOST);
        List<JournalRecord> lines = new ArrayList<>();
        List<String> recorded = new ArrayList<>();
        for (var u : lab.uplinks()) {
            var dev = host.link(u.name());
            if (known.contains(u.name()) || dev.isEmpty()) {
                continue;
            }
            int index = dev.get().index();
            List<UplinkOrigin.RouteVia> routes = host.routes().stream().filter(r -> r.oif() == index)
                    .filter(r -> !(r.gateway() == null && host.addressesOf(index).stream()
                            .anyMatch(a -> a.prefix().network().equals(r.destination()))))
                    .map(r -> new UplinkOrigin.RouteVia(r.destination(), r.gateway())).toList();
            List<Prefix> addrs = host.addressesOf(index).stream()
                    .filter(a -> !a.isLinkLocal()).map(LiveState.LiveAddress::prefix).toList();
            String qdisc = host.rootQdisc(index).map(UplinkOrigin::qdiscOf).orElse("none"); // the dump lists none: the kernel's default
            lines.add(new JournalRecord.Uplink(new UplinkOrigin(u.name(), u.namespace(), dev.get().up(), addrs, routes, qdisc)));
            recorded.add(u.name());
        }
        journal.record(lines);
        return recorded;
    }

    /**
     * Gives uplinks back as they were: moved home to the host, released from their bridge,
     * their addresses, admin state, routes and root qdisc restored. Done before namespaces are removed,
     * since a virtual device would die with its namespace and a physical one would come back
     * down and bare. Returns how many were given back.
     */
    static int giveBack(List<UplinkOrigin> uplinks, Journal journal, Session s) {
        int given = 0;
        Netlink host = s.netlink(Namespace.HOST);
        for (UplinkOrigin o : uplinks) {
            if (!Namespace.isHost(o.namespace()) && NamedNamespaces.list().contains(o.namespace())) {
                Netlink inside = s.netlink(o.namespace());
                if (inside.linkByName(o.name()).isPresent()) {
                    inside.execute(Requests.linkSetNs(LinkRef.byName(o.name()), s.handle(Namespace.HOST).fd(), "host"));
                }
            }
            Optional<LinkEntry> dev = host.linkByName(o.name());
            if (dev.isEmpty()) {
                LOG.warn("uplink {} is not in the host any more; it cannot be given back", o.name());
                continue;
            }
            LinkRef ref = LinkRef.byIndex(dev.get().index(), o.name());
            Batch<Void> b = host.batch();
            if (dev.get().masterIndex() != 0) {
                b.add(Requests.linkSetNoMaster(ref));
            }
            for (var a : o.addresses()) {
                b.add(Requests.addrAdd(ref.index(), o.name(), a.address(), a.length(), false));
            }
            b.add(o.up() ? Requests.linkSetUp(ref) : Requests.linkSetDown(ref));
            for (var r : o.routes()) {
                b.add(Requests.routeReplace(new RouteSpec(r.destination().isIpv6() ? Rtnl.AF_INET6 : Rtnl.AF_INET,
                        r.destination().address(), r.destination().length(), r.gateway(), ref.index(), o.name())));
            }
            for (Outcome<Void> out : b.execute().outcomes()) {
                if (!out.ok() && out.errno() != Errno.EEXIST.number) {
                    LOG.warn("giving back uplink {}: {}", o.name(), out);
                }
            }
            UplinkQdisc.giveBack(o, host, ref);
            journal.record(new JournalRecord.UplinkGivenBack(o.name()));
            given++;
        }
        return given;
    }
}
