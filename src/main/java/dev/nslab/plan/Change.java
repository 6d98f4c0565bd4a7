package dev.nslab.plan;

import dev.nslab.model.Addresses;
import dev.nslab.model.Link;
import dev.nslab.model.LiveState;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Route;
import dev.nslab.model.Shape;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Sysctl;

/**
 * One step of a {@link Plan}: immutable, with where it happens, the script line that asked for
 * it (null when removing what is no longer declared), and one sentence on what it does and why,
 * for students.
 * <p>
 * A step's command-line text is rendered by one class of this package, for the plan and for
 * errors alike. A new kind of change is a record here, a case in that renderer, and its
 * requests in {@code apply.Translator} (with the phase it runs in); nothing else needs to know it.
 */
public sealed interface Change {
    /** The namespace the step acts in ({@link Namespace#HOST} for the host). */
    String namespace();

    SourceLocation location();


    String explanation();

    record NamespaceAdd(String namespace, SourceLocation location) implements Change {
        public String explanation() {
            return "creates network namespace " + namespace + ": a host of its own, with its own links, addresses, routes and"
                    + " firewall, and at first only a loopback device, down";
        }
    }

    record NamespaceDel(String namespace, SourceLocation location) implements Change {
        public String explanation() {
            return "removes namespace " + namespace + ", which the lab made but no longer declares; its virtual links go with it";
        }
    }

    /** Creates {@code link} (both ends, for a veth), down, without addresses: later steps finish it. */
    record LinkAdd(Link link) implements Change {
        public String namespace() {
            return link.namespace();
        }

        public SourceLocation location() {
            return link.location();
        }

        public String explanation() {
            return switch (link.kind()) {
                case "veth" -> "creates a virtual cable: two linked ends, " + link.name() + " in " + Namespace.describe(link.namespace())
                        + " and " + link.ends().get(1).name() + " in " + Namespace.describe(link.ends().get(1).namespace())
                        + "; each end is made directly where it lives, so it never has to be moved";
                case "bridge" -> "creates bridge " + link.name() + ", a software switch that forwards frames between its ports"
                        + (((dev.nslab.model.Bridge) link).stp() ? "; with STP on, a new port waits two forward delays before it forwards"
                        : "; STP is off (the kernel's default), so ports forward at once");
                case "macvlan" -> "creates " + link.name() + ", a second MAC address on its parent device";
                case "vxlan" -> "creates " + link.name() + ", a VXLAN tunnel endpoint carrying Ethernet frames over UDP";
                default -> "creates " + link.kind() + " device " + link.name();
            };
        }
    }

    /** Moves an existing host device (an uplink) into a lab namespace. */
    record UplinkMove(dev.nslab.model.Uplink uplink) implements Change {
        public String namespace() {
            return uplink.namespace();
        }

        public SourceLocation location() {
            return uplink.location();
        }

        public String explanation() {
            return "moves the host's device " + uplink.name() + " into " + uplink.namespace()
                    + "; it loses its addresses on the way, and comes back with them on down";
        }
    }

    record LinkDel(String namespace, String name, SourceLocation location) implements Change {
        public String explanation() {
            return "removes " + name + ", which the lab made but no longer declares as it is";
        }
    }

    /**
     * Sets one attribute of an existing (or just created) link. For {@code UP}, {@code value} says what
     * the link is ("veth, peer eth0 in namespace 'h2'", "bridge"), for the explanation; it may be null.
     */
    record LinkSet(String namespace, String name, Attribute attribute, String value, SourceLocation location) implements Change {
        public enum Attribute { UP, DOWN, MTU, MAC, MASTER, NOMASTER, NO_IPV6_LINK_LOCAL }

        private String upExplanation() {
            if (name.equals("lo")) {
                return "brings up loopback: without it, even 127.0.0.1 is unreachable inside the namespace";
            }
            if (value != null && value.startsWith("veth, peer ")) {
                String peer = value.substring("veth, peer ".length());
                return "brings " + name + " up: a veth end passes traffic only when both ends are up, so " + peer
                        + " must be up too (the article's \"veth2 seemed down\" was a peer left down)";
            }
            if ("bridge".equals(value)) {
                return "brings bridge " + name + " up: a bridge switches frames only when up, and has carrier once a port is up";
            }
            return "brings " + name + " up: a link that is down sends and receives nothing";
        }

        public String explanation() {
            return switch (attribute) {
                case UP -> upExplanation();
                case DOWN -> "takes " + name + " down, as the script says down()";
                case MTU -> "sets the largest packet " + name + " sends to " + value + " bytes";
                case MAC -> "gives " + name + " the hardware address " + value;
                case MASTER -> "plugs " + name + " into bridge " + value + " as a port: frames arriving on it are switched to the"
                        + " bridge's other ports and to " + value + "'s own address";
                case NOMASTER -> "unplugs " + name + " from its bridge";
                case NO_IPV6_LINK_LOCAL -> "gives " + name + " no IPv6 link-local address: " + Namespace.describe(namespace)
                        + " declares no IPv6, and without it the link sends no IPv6 chatter (DAD, router solicitations,"
                        + " MLD) that a bridge would flood to every port";
            };
        }
    }

    record AddrAdd(String namespace, String dev, Prefix prefix, SourceLocation location) implements Change {
        public String explanation() {
            return "gives " + dev + " the address " + prefix + "; the kernel adds the route to the " + prefix.network()
                    + " subnet by itself" + (prefix.isIpv6() ? "; nodad skips duplicate address detection, which would"
                    + " leave the address unusable (tentative) for about 2 s" : "");
        }
    }

    record AddrDel(String namespace, String dev, Prefix prefix, SourceLocation location) implements Change {
        public String explanation() {
            return "removes " + prefix + " from " + dev + ": the script no longer declares it";
        }
    }

    record RouteReplace(Route route) implements Change {
        public String namespace() {
            return route.namespace();
        }

        public SourceLocation location() {
            return route.location();
        }

        public String explanation() {
            return route.via() != null
                    ? "sends traffic for " + dst(route.destination()) + " to the gateway " + Addresses.format(route.via())
                      + ", which must be on one of this namespace's links and forward it on"
                    : "sends traffic for " + dst(route.destination()) + " straight out of " + route.dev();
        }
    }

    record RouteDel(String namespace, LiveState.LiveRoute route, String dev, SourceLocation location) implements Change {
        public String explanation() {
            return "removes the route to " + dst(route.destination()) + ", which the lab added but no longer declares";
        }
    }

    record SysctlSet(Sysctl sysctl) implements Change {
        public String namespace() {
            return sysctl.namespace();
        }

        public SourceLocation location() {
            return sysctl.location();
        }

        public String explanation() {
            return sysctl.key().equals("net.ipv4.ip_forward")
                    ? "lets " + Namespace.describe(sysctl.namespace()) + " forward packets between its links: it becomes a router"
                    : "sets the kernel parameter " + sysctl.key() + " to " + sysctl.value() + " in " + Namespace.describe(sysctl.namespace());
        }
    }

    /**
     * A qdisc step: its text is a line {@code tc -batch} accepts, run in the step's namespace
     * ({@code tc -n NS -batch -}); it comes after the links are up.
     */
    sealed interface QdiscChange extends Change permits QdiscReplace, QdiscDel {
        String dev();
    }

    /**
     * Puts the qdisc that carries {@code shape} at the root of {@code dev}, replacing what is
     * there ({@code replaced}: its kind, or null for the kernel's default); the link is untouched.
     */
    record QdiscReplace(String namespace, String dev, Shape shape, String replaced,
                        SourceLocation location) implements QdiscChange {
        public String explanation() {
            Shape s = shape;
            String what;
            if (s.needsNetem()) {
                java.util.List<String> parts = new java.util.ArrayList<>();
                if (s.delay() != null) {
                    parts.add("delay every packet it sends by " + Shape.formatTime(s.delay())
                            + (s.jitter() != null ? " give or take " + Shape.formatTime(s.jitter()) : ""));
                }
                chance(parts, "drop", s.loss());
                chance(parts, "send twice", s.duplicate());
                chance(parts, "flip a bit in", s.corrupt());
                chance(parts, "send ahead of the delayed ones", s.reorder());
                if (s.rate() != null) {
                    parts.add("send at most " + Shape.formatRate(s.rate()));
                }
                what = "makes " + dev + " " + String.join(", ", parts) + " (netem, queue of " + s.netemLimit() + " packets)";
            } else {
                what = "limits what " + dev + " sends to " + Shape.formatRate(s.rate())
                        + " with a token bucket (tbf): up to " + s.tbfBurst() + " bytes pass at once, "
                        + (s.tbfLimit() != null ? "and at most " + s.queue() + " full-size packets wait"
                        : "and a packet that would wait over " + Shape.formatTime(s.tbfLatency()) + " is dropped");
            }
            return what + (replaced == null ? "" : "; it replaces the " + replaced + " qdisc there, and leaves the link as it is");
        }

        private static void chance(java.util.List<String> parts, String verb, Double p) {
            if (p != null) {
                parts.add(verb + " " + percent(p) + "% of them");
            }
        }

        private static String percent(double p) {
            return new java.math.BigDecimal(Double.toString(p)).stripTrailingZeros().toPlainString();
        }
    }

    /** Removes the root qdisc of {@code dev} (a {@code kind} the lab made), so that it gets the kernel's default back. */
    record QdiscDel(String namespace, String dev, String kind, SourceLocation location) implements QdiscChange {
        public String explanation() {
            return "removes the " + kind + " qdisc of " + dev + ", which the script no longer asks for: " + dev
                    + " sends at full speed again, with the kernel's default qdisc";
        }
    }

    private static String dst(Prefix p) {
        return p.isDefault() ? "every destination without a better route (default)" : p.toString();
    }
}
