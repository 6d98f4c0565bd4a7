package dev.nslab.dsl;

import dev.nslab.model.Addresses;
import dev.nslab.model.Bridge;
import dev.nslab.model.Expectation;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Macvlan;
import dev.nslab.model.Names;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Route;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Spawn;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;
import dev.nslab.model.Vxlan;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a declared {@link Topology} as a whole, before anything touches the kernel:
 * names, ranges, duplicates, and that every reference (netns, master, parent, dev,
 * gateway, ping source) points at something the lab declares.
 *
 * <p>Every problem is found; {@link #check} reports them all in file order, as a compiler does,
 * so the user fixes a script from the top down and sees the same messages on every run.
 */
public final class Validator {

    private static final Pattern MAC = Pattern.compile("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$");
    private static final int MIN_MTU = 68;
    private static final int MIN_IPV6_MTU = 1280;
    private static final int MAX_VNI = (1 << 24) - 1;

    /** One interface of the lab, a link end or an uplink, as the checks see it. */
    private record Iface(String name, String namespace, List<Prefix> addresses, String master,
                         SourceLocation location, String what, Link link) {
    }

    private final Topology topology;
    private final Set<String> declared = new HashSet<>();
    private final List<Iface> ifaces = new ArrayList<>();
    private final List<DslException> problems = new ArrayList<>();

    private Validator(Topology topology) {
        this.topology = topology;
        topology.namespaces().forEach(ns -> declared.add(ns.name()));
        for (Link link : topology.links()) {
            for (LinkAttrs end : link.ends()) {
                String what = end == link.attrs() ? link.kind() + " '" + end.name() + "'"
                        : "peer '" + end.name() + "' of " + link.kind() + " '" + link.name() + "'";
                ifaces.add(new Iface(end.name(), end.namespace(), end.addresses(), end.master(), end.location(),
                        what, link));
            }
        }
        for (Uplink u : topology.uplinks()) {
            ifaces.add(new Iface(u.name(), u.namespace(), u.addresses(), u.master(), u.location(),
                    "uplink '" + u.name() + "'", null));
        }
        ifaces.sort(Comparator.comparingInt(i -> i.location().line()));
    }

    /**
     * @return every problem of {@code topology}, in file order
     */
    public static List<DslException> problems(Topology topology) {
        Validator v = new Validator(topology);
        v.run();
        v.problems.sort(Comparator.comparingInt(e -> e.location().line()));
        return List.copyOf(v.problems);
    }

    /**
     * @throws DslException every problem of {@code topology}, in file order, if it has any
     */
    public static void check(Topology topology) {
        List<DslException> found = problems(topology);
        if (!found.isEmpty()) {
            throw DslException.of(found);
        }
    }

    private void problem(SourceLocation at, String message) {
        problems.add(new DslException(at, message));
    }

    private void run() {
        for (Namespace ns : topology.declaredNamespaces()) {
            if (!Names.isNamespace(ns.name())) {
                problem(ns.location(), "namespace name '" + ns.name() + "' is not valid: " + Names.NAMESPACE_RULE);
            }
        }
        checkInterfaces();
        for (Link link : topology.links()) {
            checkLink(link);
        }
        checkRoutes();
        checkSysctls();
        checkSpawns();
        for (Expectation e : topology.expectations()) {
            if (!declared.contains(e.fromNamespace())) {
                String word = e.kind().word();
                problem(e.location(), word + " from namespace '" + e.fromNamespace()
                        + "', which is not declared: add namespace '" + e.fromNamespace() + "'");
            }
        }
    }

    private void checkInterfaces() {
        Map<String, Integer> ports = new HashMap<>();
        Map<String, Map<String, SourceLocation>> namesPerNamespace = new HashMap<>();
        Map<String, SourceLocation> uplinks = new HashMap<>();
        Map<InetAddress, SourceLocation> addresses = new HashMap<>();
        for (Iface i : ifaces) {
            if (!Names.isInterface(i.name())) {
                problem(i.location(), "interface name '" + i.name() + "' is not valid: " + Names.INTERFACE_RULE);
            } else if (i.name().equals("lo")) {
                problem(i.location(), "'lo' is the loopback device, which every namespace has:"
                        + " it cannot be declared or be an uplink");
            }
            if (!declared.contains(i.namespace())) {
                problem(i.location(), "namespace '" + i.namespace() + "' is not declared: add namespace '"
                        + i.namespace() + "'");
            }
            SourceLocation firstUplink = i.link() == null ? uplinks.putIfAbsent(i.name(), i.location()) : null;
            if (firstUplink != null) {
                problem(i.location(), "uplink '" + i.name() + "' declared twice (first at line " + firstUplink.line() + ")");
            } else {
                SourceLocation first = namesPerNamespace.computeIfAbsent(i.namespace(), ns -> new HashMap<>())
                        .putIfAbsent(i.name(), i.location());
                if (first != null) {
                    problem(i.location(), "interface '" + i.name() + "' declared twice in "
                            + Namespace.describe(i.namespace()) + " (first at line " + first.line() + ")");
                }
            }
            for (Prefix p : i.addresses()) {
                SourceLocation first = addresses.putIfAbsent(p.address(), i.location());
                if (first != null) {
                    problem(i.location(), "duplicate address " + p + " (first at line " + first.line() + ")");
                }
            }
            if (i.master() != null) {
                checkMaster(i);
                int count = ports.merge(i.namespace() + "/" + i.master(), 1, Integer::sum);
                Iface bridge = count == Bridge.MAX_PORTS + 1 ? find(i.namespace(), i.master()) : null;
                if (bridge != null && bridge.link() instanceof Bridge) {
                    long total = ifaces.stream().filter(p -> i.master().equals(p.master()) && p.namespace().equals(i.namespace())).count();
                    problem(i.location(), "bridge '" + i.master() + "' would have " + total + " ports; a Linux bridge takes at most "
                            + Bridge.MAX_PORTS + " (the kernel's BR_MAX_PORTS): spread the ports over several bridges,"
                            + " joined by a veth");
                }
            }
        }
    }

    private void checkMaster(Iface port) {
        String master = port.master();
        String where = Namespace.describe(port.namespace());
        Iface target = find(port.namespace(), master);
        if (target != null && target.link() instanceof Bridge) {
            if (port.link() instanceof Bridge) {
                problem(port.location(), port.what() + " cannot be a port of bridge '" + master + "'");
            }
        } else if (target != null) {
            String kind = target.link() == null ? "an uplink" : "a " + target.link().kind();
            problem(port.location(), "master '" + master + "' is " + kind + ", not a bridge");
        } else {
            Iface elsewhere = ifaces.stream()
                    .filter(i -> i.name().equals(master) && i.link() instanceof Bridge)
                    .findFirst().orElse(null);
            if (elsewhere != null) {
                problem(port.location(), "master '" + master + "' is a bridge in " + Namespace.describe(elsewhere.namespace())
                        + ", not in " + where + ": a port must be in the namespace of its bridge");
            } else {
                problem(port.location(), "master '" + master + "' is not declared in " + where
                        + ": add bridge '" + master + "'");
            }
        }
    }

    /** @return the interface (link end or uplink) called {@code name} in {@code namespace}, or null */
    private Iface find(String namespace, String name) {
        return ifaces.stream().filter(i -> i.namespace().equals(namespace) && i.name().equals(name))
                .findFirst().orElse(null);
    }

    private void checkLink(Link link) {
        for (LinkAttrs end : link.ends()) {
            checkMtu(end);
            checkMac(end);
        }
        if (link instanceof Bridge b && b.forwardDelay() != null) {
            int min = b.stp() ? 2 : 0;
            if (b.forwardDelay() < min || b.forwardDelay() > 30) {
                problem(b.location(), "forwardDelay " + b.forwardDelay() + " is out of range " + min + "..30 seconds"
                        + (b.stp() ? " when stp is on" : ""));
            }
        } else if (link instanceof Macvlan m) {
            checkLower(m, "parent", m.parent());
        } else if (link instanceof Vxlan v) {
            checkVxlan(v);
        }
    }

    private void checkMtu(LinkAttrs end) {
        Integer mtu = end.mtu();
        if (mtu == null) {
            return;
        }
        if (mtu < MIN_MTU || mtu > 65535) {
            problem(end.location(), "mtu " + mtu + " is out of range " + MIN_MTU + "..65535");
            return;
        }
        end.addresses().stream().filter(Prefix::isIpv6).findFirst().ifPresent(v6 -> {
            if (mtu < MIN_IPV6_MTU) {
                problem(end.location(), "mtu " + mtu + " is below " + MIN_IPV6_MTU + ", the minimum for IPv6, but '"
                        + end.name() + "' has IPv6 address " + v6);
            }
        });
    }

    private void checkMac(LinkAttrs end) {
        String mac = end.mac();
        if (mac == null) {
            return;
        }
        if (!MAC.matcher(mac).matches()) {
            problem(end.location(), "mac '" + mac + "' is not valid: write six hex pairs like 02:00:00:00:00:01");
        } else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            problem(end.location(), "mac " + mac + " is a multicast address: the first byte must be even, like 02");
        } else if (mac.equals("00:00:00:00:00:00")) {
            problem(end.location(), "mac 00:00:00:00:00:00 cannot be an interface's address");
        }
    }

    /**
     * A macvlan's parent or a vxlan's dev must be an interface of the link's own
     * namespace. In the host, an undeclared one is an existing host device, which
     * the topology lists in {@link Topology#hostDevices()} for the runner to check.
     */
    private void checkLower(Link link, String word, String lower) {
        String what = link.kind() + " '" + link.name() + "'";
        if (lower.equals(link.name())) {
            problem(link.location(), what + " cannot be its own " + word);
        } else if (find(link.namespace(), lower) == null && !Namespace.isHost(link.namespace())) {
            problem(link.location(), word + " '" + lower + "' of " + what + " is not an interface of "
                    + Namespace.describe(link.namespace()) + ": declare it there, or move it there with uplink '"
                    + lower + "'");
        }
    }

    private void checkVxlan(Vxlan v) {
        SourceLocation at = v.location();
        String what = "vxlan '" + v.name() + "'";
        if (v.id() < 0 || v.id() > MAX_VNI) {
            problem(at, "vxlan id " + v.id() + " is out of range 0.." + MAX_VNI);
        }
        if (v.dstport() != null && (v.dstport() < 1 || v.dstport() > 65535)) {
            problem(at, "dstport " + v.dstport() + " is out of range 1..65535");
        }
        if (v.remote() != null && v.group() != null) {
            problem(at, what + " has both remote and group: a tunnel has one or the other");
        }
        if (v.remote() != null && v.remote().isMulticastAddress()) {
            problem(at, "remote " + format(v.remote()) + " is a multicast address: write group '" + format(v.remote())
                    + "' dev 'DEVICE'");
        }
        if (v.group() != null && !v.group().isMulticastAddress()) {
            problem(at, "group " + format(v.group()) + " is not a multicast address");
        }
        if (v.group() != null && v.dev() == null) {
            problem(at, what + " joins group " + format(v.group()) + " but has no dev: add dev 'DEVICE'");
        }
        InetAddress peer = v.remote() != null ? v.remote() : v.group();
        if (peer != null && v.local() != null && (peer instanceof Inet6Address) != (v.local() instanceof Inet6Address)) {
            problem(at, "local " + format(v.local()) + " and " + (v.remote() != null ? "remote " : "group ")
                    + format(peer) + " are of different address families");
        }
        if (v.dev() != null) {
            checkLower(v, "dev", v.dev());
        }
    }

    private void checkRoutes() {
        Map<String, Map<Prefix, SourceLocation>> seen = new HashMap<>();
        for (Route r : topology.routes()) {
            SourceLocation at = r.location();
            Prefix to = r.destination();
            String shown = to.isDefault() ? "default" : to.toString();
            if (!to.equals(to.network())) {
                problem(at, "route " + to + " has host bits set: write " + to.network());
            }
            SourceLocation first = seen.computeIfAbsent(r.namespace(), ns -> new HashMap<>()).putIfAbsent(to, at);
            if (first != null) {
                problem(at, "route " + shown + " declared twice in " + Namespace.describe(r.namespace())
                        + " (first at line " + first.line() + ")");
            }
            Iface dev = r.dev() == null ? null : find(r.namespace(), r.dev());
            if (r.dev() != null && dev == null && !r.dev().equals("lo")) {
                problem(at, "route dev '" + r.dev() + "': no interface '" + r.dev() + "' in "
                        + Namespace.describe(r.namespace()));
            }
            if (r.via() != null) {
                checkGateway(r, dev);
            }
        }
    }

    private void checkGateway(Route r, Iface dev) {
        SourceLocation at = r.location();
        InetAddress via = r.via();
        if ((via instanceof Inet6Address) != r.destination().isIpv6()) {
            problem(at, "route " + r.destination() + " via " + format(via) + " mixes IPv4 and IPv6");
            return;
        }
        if (via.isLinkLocalAddress() && via instanceof Inet6Address) {
            if (r.dev() == null) {
                problem(at, "gateway " + format(via) + " is link-local: add dev 'DEVICE'");
            }
            return;
        }
        List<Iface> candidates = r.dev() == null
                ? ifaces.stream().filter(i -> i.namespace().equals(r.namespace())).toList()
                : dev == null ? List.of() : List.of(dev);
        boolean onLink = candidates.stream().flatMap(i -> i.addresses().stream()).anyMatch(p -> p.contains(via));
        if (!onLink && (r.dev() == null || dev != null)) {
            String where = r.dev() == null ? "any address in " + Namespace.describe(r.namespace())
                    : "any address of '" + r.dev() + "'";
            problem(at, "gateway " + format(via) + " is not in the subnet of " + where
                    + ": add an address in that subnet");
        }
    }

    private void checkSysctls() {
        Map<String, Map<String, SourceLocation>> seen = new HashMap<>();
        for (Sysctl s : topology.sysctls()) {
            SourceLocation at = s.location();
            String key = s.key();
            if (s.value().isEmpty() || s.value().indexOf('\n') >= 0 || s.value().indexOf('\0') >= 0) {
                problem(at, "sysctl '" + key + "' needs a value of one non-empty line");
            }
            if (!key.startsWith("net.") && !key.startsWith("net/")) {
                problem(at, "sysctl '" + key + "' is not per namespace: only net.* keys can be set in a lab");
                continue;
            } else if (!Sysctl.isValidKey(key)) {
                problem(at, "sysctl key '" + key + "' is not valid: write it like net.ipv4.ip_forward"
                        + " or net/ipv4/conf/eth0.1/forwarding");
                continue;
            }
            SourceLocation first = seen.computeIfAbsent(s.namespace(), ns -> new HashMap<>()).putIfAbsent(s.path(), at);
            if (first != null) {
                problem(at, "sysctl '" + key + "' set twice in " + Namespace.describe(s.namespace())
                        + " (first at line " + first.line() + ")");
            }
        }
    }

    private void checkSpawns() {
        Map<String, Map<String, SourceLocation>> seen = new HashMap<>();
        for (Spawn s : topology.spawns()) {
            SourceLocation at = s.location();
            if (!Names.isNamespace(s.name())) {
                problem(at, "spawn name '" + s.name() + "' is not valid: " + Names.NAMESPACE_RULE);
            }
            if (s.argv().isEmpty() || s.argv().get(0).isEmpty()) {
                problem(at, "spawn '" + s.name() + "' has no command: write spawn '" + s.name()
                        + "', 'PROGRAM', 'ARGUMENT'...");
            }
            SourceLocation first = seen.computeIfAbsent(s.namespace(), ns -> new HashMap<>()).putIfAbsent(s.name(), at);
            if (first != null) {
                problem(at, "spawn '" + s.name() + "' declared twice in " + Namespace.describe(s.namespace())
                        + " (first at line " + first.line() + ")");
            }
        }
    }

    private static String format(InetAddress address) {
        return Addresses.format(address);
    }
}
