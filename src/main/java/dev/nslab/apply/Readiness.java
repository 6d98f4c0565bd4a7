package dev.nslab.apply;

import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Topology;
import dev.nslab.model.Veth;
import dev.nslab.netlink.BridgePort;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.plan.LinkHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Waits until what the script means to be up is up, and says which link is not and why (in
 * {@link LinkHealth}'s words, which doctor uses too) when one never gets there.
 * <p>
 * What the script declares {@code down()} is what it asked for: such a link is not waited for,
 * nor is the carrier of a veth whose peer is declared down, nor an STP port on such a link.
 */
final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    static final long CARRIER_TIMEOUT_MILLIS = 5_000;

    private Readiness() {
    }

    /**
     * Waits until every declared end that should be up is UP, and every veth end meant to carry
     * traffic has carrier; when one never gets there, says which and why.
     * <p>
     * A veth has carrier on both ends exactly when both are up, so one end's view proves the
     * pair (docs/kernel-facts.md, "Links"): each veth is looked at from one end (the host's, when
     * it has one), and each pass dumps only the namespaces that still have something to prove. A
     * star of 500 is then one host dump per pass, not 501. Ends with IPv6 addresses are looked at
     * themselves, for their operstate (docs/kernel-facts.md, "IPv6").
     */
    static void waitUntilUp(Topology lab, Session s) {
        // A bridge with STP on holds each port in listening, then learning, for forward_delay
        // each, before it forwards (docs/kernel-facts.md, "Bridges"): wait that long too.
        long stpMillis = lab.links().stream().filter(l -> l instanceof Bridge b && b.stp())
                .mapToLong(l -> 2_000L * (((Bridge) l).forwardDelay() == null ? 15 : ((Bridge) l).forwardDelay()) + 3_000)
                .max().orElse(0);
        long deadline = System.currentTimeMillis() + Math.max(CARRIER_TIMEOUT_MILLIS, stpMillis);
        List<Probe> probes = probes(lab);
        while (true) {
            Map<String, Map<String, LinkEntry>> byNs = new HashMap<>();
            for (Probe p : probes) {
                byNs.computeIfAbsent(p.namespace(), ns -> linksByName(s.netlink(ns).linkList()));
            }
            probes = probes.stream().filter(p -> !p.satisfiedBy(byNs.get(p.namespace()).get(p.name()))).toList();
            if (!probes.isEmpty() && LOG.isTraceEnabled()) {
                probes.forEach(p -> LOG.trace("waiting for {}: {}", p, byNs.get(p.namespace()).get(p.name())));
            }
            if (probes.isEmpty() && portsNotForwarding(lab, s).isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                List<String> problems = new ArrayList<>(portsNotForwarding(lab, s));
                problems.addAll(whyNotUp(lab, s));
                if (problems.isEmpty()) {
                    return; // all came up between the last pass and the deadline
                }
                throw new ApplyException("links not up after " + CARRIER_TIMEOUT_MILLIS / 1000 + " s:\n  " + String.join("\n  ", problems));
            }
            Timing.sleep(10);
        }
    }

    /** One thing to see in one namespace's link dump: a link that must be up, with carrier, with operstate UP. */
    private record Probe(String namespace, String name, boolean carrier, boolean operstateUp) {
        boolean satisfiedBy(LinkEntry e) {
            return e != null && e.isUp() && (!carrier || e.hasLowerUp()) && (!operstateUp || "UP".equals(e.operstate()));
        }
    }

    private static List<Probe> probes(Topology lab) {
        List<Probe> probes = new ArrayList<>();
        for (Link link : lab.links()) {
            List<LinkAttrs> up = link.ends().stream().filter(LinkAttrs::up).toList();
            if (!(link instanceof Veth) || up.size() < 2) {
                // not a veth, or a veth with an end declared down: its ends that are declared up
                // are up, and no carrier comes
                up.forEach(end -> probes.add(new Probe(end.namespace(), end.name(), false, false)));
                continue;
            }
            List<LinkAttrs> ipv6 = up.stream().filter(e -> e.addresses().stream().anyMatch(Prefix::isIpv6)).toList();
            ipv6.forEach(end -> probes.add(new Probe(end.namespace(), end.name(), true, true)));
            if (ipv6.isEmpty()) {
                LinkAttrs seenFrom = up.stream().filter(e -> Namespace.isHost(e.namespace())).findFirst().orElse(up.get(0));
                probes.add(new Probe(seenFrom.namespace(), seenFrom.name(), true, false));
            }
        }
        return probes;
    }

    private static Map<String, LinkEntry> linksByName(List<LinkEntry> links) {
        Map<String, LinkEntry> byName = new HashMap<>();
        links.forEach(l -> byName.put(l.name(), l));
        return byName;
    }

    /** Every end that is not up as declared, with the reason, as "where: what" lines (after the wait gave up). */
    private static List<String> whyNotUp(Topology lab, Session s) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, LinkEntry>> byNs = new HashMap<>();
        for (Link link : lab.links()) {
            for (LinkAttrs end : link.ends()) {
                if (!end.up()) {
                    continue;
                }
                LinkEntry e = byNs.computeIfAbsent(end.namespace(), ns -> linksByName(s.netlink(ns).linkList())).get(end.name());
                LinkAttrs peer = LinkHealth.peerOf(link, end);
                if (e == null) {
                    problems.add(end.location() + ": " + LinkHealth.missing(end));
                } else if (!e.isUp()) {
                    problems.add(end.location() + ": " + LinkHealth.down(end));
                } else if (peer != null && peer.up() && !e.hasLowerUp()) {
                    LinkEntry p = byNs.computeIfAbsent(peer.namespace(), ns -> linksByName(s.netlink(ns).linkList())).get(peer.name());
                    problems.add(end.location() + ": " + LinkHealth.noCarrier(end, peer, p == null ? null : seen(p)));
                } else if (peer != null && peer.up() && !"UP".equals(e.operstate())
                        && end.addresses().stream().anyMatch(Prefix::isIpv6)) {
                    problems.add(end.location() + ": " + LinkHealth.notYetOperUp(end, e.operstate()));
                }
            }
        }
        return problems;
    }

    private static LinkHealth.Seen seen(LinkEntry e) {
        return new LinkHealth.Seen(e.isUp(), e.hasLowerUp(), e.operstate());
    }

    /** Ports of the lab's STP bridges that do not forward yet, as "where: what" lines; ports declared down are left out. */
    private static List<String> portsNotForwarding(Topology lab, Session s) {
        List<String> out = new ArrayList<>();
        Map<String, List<BridgePort>> byNs = new HashMap<>();
        for (Link link : lab.links()) {
            if (!(link instanceof Bridge b) || !b.stp() || !b.up()) {
                continue;
            }
            List<BridgePort> ports = byNs.computeIfAbsent(b.namespace(), ns -> s.netlink(ns).bridgePortList());
            List<LinkEntry> links = s.netlink(b.namespace()).linkList();
            int index = links.stream().filter(l -> l.name().equals(b.name())).mapToInt(LinkEntry::index).findFirst().orElse(-1);
            for (var port : ports) {
                if (port.masterIndex() == index && port.state() != BridgePort.State.FORWARDING
                        && meantToCarry(lab, b.namespace(), port.name())) {
                    out.add(b.location() + ": " + port.name() + " (" + Namespace.describe(b.namespace()) + "), a port of "
                            + b.name() + " with STP on, is still " + port.state().name().toLowerCase(Locale.ROOT)
                            + ": STP lets it forward after 2 x forward_delay");
                }
            }
        }
        return out;
    }

    /** False for a port the script declares down, or whose veth peer it declares down: it never forwards. */
    private static boolean meantToCarry(Topology lab, String ns, String name) {
        for (Link link : lab.links()) {
            for (LinkAttrs end : link.ends()) {
                if (end.namespace().equals(ns) && end.name().equals(name)) {
                    return LinkHealth.meantToCarry(link, end);
                }
            }
        }
        return true;
    }
}
