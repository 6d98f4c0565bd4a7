package dev.nslab.plan;

import dev.nslab.model.Addresses;
import dev.nslab.model.Bridge;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Macvlan;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Vxlan;
import dev.nslab.netlink.Requests;

import java.net.InetAddress;

/**
 * The one renderer of a {@link Change} as command-line text: the {@code ip -batch} line that
 * {@code nslab plan} prints ({@link #batchLine}), and the command a person could type
 * ({@link #command}), which every error about a step quotes. Addresses are written as
 * {@link Addresses#format} writes them (IPv6 compressed, as {@code ip} prints it).
 * <p>
 * A new kind of change is one more case in {@link #line}; a change that is not an {@code ip}
 * command names its program: {@code sysctl}, or {@code tc} for the shaping steps
 * ({@code qdisc replace dev eth0 root netem delay 10ms}).
 */
public final class IpText {

    private IpText() {
    }

    /**
     * One command: where it runs ({@code null} for a host-level {@code ip} command that names
     * namespaces itself, as {@code link add ... netns NS} does), which program, its arguments.
     */
    private record Line(String namespace, String program, String args) {
        boolean inHost() {
            return namespace == null || Namespace.isHost(namespace);
        }
    }

    /**
     * The step as a line {@code ip -batch} accepts; in-namespace commands go through
     * {@code netns exec}. A shaping step is a {@code tc -batch} line: tc has no per-line
     * namespace, so {@code nslab plan} prints those in one {@code tc -n NS -batch} block each.
     */
    public static String batchLine(Change c) {
        Line l = line(c);
        if (l.program().equals("tc")) {
            return l.args();
        }
        if (l.program().equals("ip")) {
            return l.inHost() ? l.args() : "netns exec " + l.namespace() + " ip " + l.args();
        }
        return l.inHost() ? "# " + l.program() + " " + l.args() : "netns exec " + l.namespace() + " " + l.program() + " " + l.args();
    }

    /** The step as a shell command: {@code ip -n NS ...}, {@code tc -n NS ...}, {@code ip netns exec NS sysctl ...}. */
    public static String command(Change c) {
        Line l = line(c);
        if (l.program().equals("ip") || l.program().equals("tc")) {
            return l.program() + (l.inHost() ? " " : " -n " + l.namespace() + " ") + l.args();
        }
        return l.inHost() ? l.program() + " " + l.args() : "ip netns exec " + l.namespace() + " " + l.program() + " " + l.args();
    }

    /** {@code ip [-n NS] link set NAME up}: what doctor and up advise for a link left down. */
    public static String linkUp(String namespace, String name) {
        return command(new Change.LinkSet(namespace, name, Change.LinkSet.Attribute.UP, null, null));
    }

    private static Line line(Change c) {
        if (c instanceof Change.NamespaceAdd a) {
            return new Line(null, "ip", "netns add " + a.namespace());
        }
        if (c instanceof Change.NamespaceDel d) {
            return new Line(null, "ip", "netns del " + d.namespace());
        }
        if (c instanceof Change.LinkAdd a) {
            return linkAdd(a.link());
        }
        if (c instanceof Change.UplinkMove m) {
            return new Line(null, "ip", "link set " + m.uplink().name() + " netns " + m.uplink().namespace());
        }
        if (c instanceof Change.LinkDel d) {
            return new Line(d.namespace(), "ip", "link del " + d.name());
        }
        if (c instanceof Change.LinkSet s) {
            return new Line(s.namespace(), "ip", "link set " + s.name() + " " + linkSetWords(s));
        }
        if (c instanceof Change.AddrAdd a) {
            return new Line(a.namespace(), "ip", "addr add " + a.prefix() + " dev " + a.dev() + (a.prefix().isIpv6() ? " nodad" : ""));
        }
        if (c instanceof Change.AddrDel d) {
            return new Line(d.namespace(), "ip", "addr del " + d.prefix() + " dev " + d.dev());
        }
        if (c instanceof Change.RouteReplace r) {
            return new Line(r.namespace(), "ip", "route replace " + route(r.route().destination(), r.route().via(), r.route().dev())
                    + " proto " + Requests.ROUTE_PROTOCOL);
        }
        if (c instanceof Change.RouteDel d) {
            return new Line(d.namespace(), "ip", "route del " + route(d.route().destination(), d.route().gateway(), d.dev()));
        }
        if (c instanceof Change.QdiscReplace q) {
            return new Line(q.namespace(), "tc", "qdisc replace dev " + q.dev() + " root " + q.shape().tcArguments());
        }
        if (c instanceof Change.QdiscDel q) {
            return new Line(q.namespace(), "tc", "qdisc del dev " + q.dev() + " root");
        }
        if (c instanceof Change.SysctlSet s) {
            return new Line(s.namespace(), "sysctl", "-w " + s.sysctl().key() + "=" + s.sysctl().value());
        }
        throw new IllegalArgumentException("no command text for " + c.getClass().getSimpleName());
    }

    private static String linkSetWords(Change.LinkSet s) {
        return switch (s.attribute()) {
            case UP -> "up";
            case DOWN -> "down";
            case MTU -> "mtu " + s.value();
            case MAC -> "address " + s.value();
            case MASTER -> "master " + s.value();
            case NOMASTER -> "nomaster";
            case NO_IPV6_LINK_LOCAL -> "addrgenmode none";
        };
    }

    private static Line linkAdd(Link link) {
        if (link.kind().equals("tap")) {
            return new Line(link.namespace(), "ip", "tuntap add " + link.name() + " mode tap");
        }
        StringBuilder s = new StringBuilder("link add ").append(link.name());
        where(s, link.attrs());
        if (link instanceof Macvlan m) {
            s.append(" link ").append(m.parent());
        }
        s.append(" type ").append(link.kind());
        if (link instanceof dev.nslab.model.Veth v) {
            s.append(" peer name ").append(v.peer().name());
            where(s, v.peer());
        } else if (link instanceof Bridge b) {
            s.append(" stp_state ").append(b.stp() ? 1 : 0);
            if (b.forwardDelay() != null) {
                s.append(" forward_delay ").append(b.forwardDelay() * 100); // ip takes centiseconds
            }
        } else if (link instanceof Macvlan m) {
            s.append(" mode ").append(m.mode().word());
        } else if (link instanceof Vxlan v) {
            s.append(" id ").append(v.id());
            option(s, "remote", v.remote());
            option(s, "group", v.group());
            option(s, "local", v.local());
            if (v.dstport() != null) {
                s.append(" dstport ").append(v.dstport());
            }
            if (v.dev() != null) {
                s.append(" dev ").append(v.dev());
            }
        }
        return new Line(null, "ip", s.toString());
    }

    /** netns, mtu and address of one end, in the order {@code ip link add} takes them. */
    private static void where(StringBuilder s, LinkAttrs end) {
        if (!Namespace.isHost(end.namespace())) {
            s.append(" netns ").append(end.namespace());
        }
        if (end.mtu() != null) {
            s.append(" mtu ").append(end.mtu());
        }
        if (end.mac() != null) {
            s.append(" address ").append(end.mac());
        }
    }

    private static void option(StringBuilder s, String word, InetAddress a) {
        if (a != null) {
            s.append(' ').append(word).append(' ').append(Addresses.format(a));
        }
    }

    private static String route(Prefix dst, InetAddress via, String dev) {
        StringBuilder s = new StringBuilder(dst.isDefault() ? "default" : dst.toString());
        if (via != null) {
            s.append(" via ").append(Addresses.format(via));
        }
        if (dev != null) {
            s.append(" dev ").append(dev);
        }
        return s.toString();
    }
}
