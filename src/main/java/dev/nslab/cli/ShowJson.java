package dev.nslab.cli;

import dev.nslab.api.Labs;
import dev.nslab.live.LiveReader;
import dev.nslab.model.Addresses;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.LiveState.LiveRoute;
import dev.nslab.model.Namespace;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.Netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code nslab show --json}: each namespace's links, addresses and routes under the names
 * {@code ip -j} gives them (ifindex, ifname, operstate, address, linkinfo.info_kind, master,
 * addr_info[].local/prefixlen, dst, gateway, dev, protocol), with what ip cannot say added: the lab
 * that made the namespace, where a veth's peer is, a link's shaping and whether the namespace forwards
 * (docs/show-json.md).
 */
final class ShowJson {
    /** rtm_protocol names iproute2 knows without a table (rt_protos). */
    private static final Map<Integer, String> PROTOCOLS = Map.of(0, "unspec", 1, "redirect", 2, "kernel", 3, "boot", 4, "static");

    private ShowJson() {
    }

    /** A namespace read once: its links as the kernel reports them, and the model's view of it. */
    private record Dump(String name, List<LinkEntry> links, LiveNamespace live) {
        static Dump read(String name) {
            if (Namespace.isHost(name)) {
                try (Netlink nl = Netlink.open()) {
                    return new Dump(name, nl.linkList(), LiveReader.read(name, nl));
                }
            }
            try (dev.nslab.netns.NetnsHandle h = dev.nslab.netns.NamedNamespaces.open(name);
                 Netlink nl = dev.nslab.netns.InNamespace.call(h, Netlink::open)) {
                return new Dump(name, nl.linkList(), LiveReader.read(name, nl));
            }
        }
    }

    static Map<String, Object> of(List<String> namespaces) {
        Map<String, String> labOf = new HashMap<>();
        for (String lab : Labs.up()) {
            Labs.namespacesOf(lab).forEach(ns -> labOf.put(ns, lab));
        }
        // a veth's peer may live in any namespace: all are read to find it
        Map<String, Dump> all = new LinkedHashMap<>();
        List<String> everyName = new ArrayList<>(List.of(Namespace.HOST));
        everyName.addAll(LiveReader.namedNamespaces());
        for (String ns : everyName) {
            all.put(ns, Dump.read(ns));
        }
        Map<Integer, String> protocols = protocolNames();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String ns : namespaces) {
            Dump d = all.containsKey(ns) ? all.get(ns) : Dump.read(ns);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", ns);
            m.put("lab", labOf.get(ns));
            m.put("links", d.links().stream().map(l -> link(d, l, all)).toList());
            m.put("routes", d.live().routes().stream().map(r -> route(d.live(), r, protocols)).toList());
            Map<String, String> sysctls = LiveReader.forwarding(ns);
            Map<String, Object> forwarding = new LinkedHashMap<>();
            forwarding.put("ipv4", "1".equals(sysctls.get(LiveReader.FORWARDING.get(0))));
            forwarding.put("ipv6", "1".equals(sysctls.get(LiveReader.FORWARDING.get(1))));
            m.put("forwarding", forwarding);
            out.add(m);
        }
        return Map.of("namespaces", out);
    }

    private static Map<String, Object> link(Dump d, LinkEntry l, Map<String, Dump> all) {
        LiveLink live = d.live().link(l.index()).orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ifindex", l.index());
        m.put("ifname", l.name());
        m.put("mtu", l.mtu());
        m.put("operstate", l.operstate());
        m.put("address", live.mac());
        m.put("master", l.masterIndex() == 0 ? null : d.live().link(l.masterIndex()).map(LiveLink::name).orElse(null));
        if (l.kind() != null) {
            m.put("linkinfo", Map.of("info_kind", l.kind()));
        }
        if ("veth".equals(l.kind())) {
            m.put("peer", peer(d, l, all));
        }
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (LiveAddress a : d.live().addressesOf(l.index())) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("family", a.prefix().isIpv6() ? "inet6" : "inet");
            am.put("local", Addresses.format(a.prefix().address()));
            am.put("prefixlen", a.prefix().length());
            addresses.add(am);
        }
        m.put("addr_info", addresses);
        m.put("shaping", shaping(d.live(), l.index()));
        return m;
    }

    /** The link's shaping as its root qdisc says (qdisc, summary, words, limit), or null: shared with show's tree. */
    static Map<String, Object> shaping(LiveNamespace ns, int index) {
        return ns.rootQdisc(index).filter(q -> q.isShaping() && q.shape() != null).map(q -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("qdisc", q.kind());
            sm.put("summary", q.shape().summary());
            sm.put("words", q.shape().words());
            sm.put("limit", q.limit());
            return sm;
        }).orElse(null);
    }

    /**
     * The other end of a veth: IFLA_LINK is its ifindex in the peer's namespace, and IFLA_LINK_NETNSID
     * says whether that is another one. The namespace that has a veth of that index pointing back is it;
     * when none or several do, only the ifindex is known.
     */
    private static Map<String, Object> peer(Dump d, LinkEntry l, Map<String, Dump> all) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Dump other : all.values()) {
            boolean same = other.name().equals(d.name());
            if (same != (l.linkNetnsId() == null)) {
                continue;
            }
            other.links().stream().filter(p -> p.index() == l.linkIndex() && "veth".equals(p.kind())
                    && p.linkIndex() == l.index()).forEach(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ifname", p.name());
                m.put("netns", other.name());
                found.add(m);
            });
        }
        return found.size() == 1 ? found.get(0) : Map.of("ifindex", l.linkIndex());
    }

    private static Map<String, Object> route(LiveNamespace ns, LiveRoute r, Map<Integer, String> protocols) {
        Map<String, Object> m = new LinkedHashMap<>();
        int full = r.destination().isIpv6() ? 128 : 32;
        m.put("dst", r.destination().length() == 0 ? "default"
                : r.destination().length() == full ? Addresses.format(r.destination().address()) : r.destination().toString());
        m.put("gateway", r.gateway() == null ? null : Addresses.format(r.gateway()));
        m.put("dev", ns.link(r.oif()).map(LiveLink::name).orElse(null));
        m.put("protocol", protocols.getOrDefault(r.protocol(), Integer.toString(r.protocol())));
        return m;
    }

    /** rtm_protocol names as ip prints them: its built-in ones, then rt_protos and rt_protos.d (e.g. 78 nslab). */
    private static Map<Integer, String> protocolNames() {
        Map<Integer, String> names = new HashMap<>(PROTOCOLS);
        for (String dir : new String[]{"/usr/share/iproute2", "/etc/iproute2"}) {
            read(Paths.get(dir, "rt_protos"), names);
            Path d = Paths.get(dir, "rt_protos.d");
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    files.filter(f -> f.toString().endsWith(".conf")).sorted().forEach(f -> read(f, names));
                } catch (IOException e) {
                    // unreadable: the numbers are shown, as ip would show them
                }
            }
        }
        return names;
    }

    private static void read(Path table, Map<Integer, String> names) {
        if (!Files.isRegularFile(table)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(table)) {
                String[] w = line.strip().split("\\s+");
                if (w.length >= 2 && !w[0].startsWith("#") && w[0].matches("\\d{1,3}|0x[0-9a-fA-F]{1,2}")) {
                    names.put(Integer.decode(w[0]), w[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a table that cannot be read names nothing
        }
    }
}
