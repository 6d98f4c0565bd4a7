package dev.nslab.capture;

import java.util.Map;

/**
 * ICMPv6 as tcpdump -n prints it ({@code print-icmp6.c}, without -v): echo, destination
 * unreachable (with the port from the quoted packet), packet too big, time exceeded, parameter
 * problem, neighbour discovery (router and neighbour solicitation and advertisement, redirect)
 * and MLD. Router renumbering, node information, mobile IPv6 replies and RPL are named only.
 */
final class Icmp6Decoder {
    private static final Map<Integer, String> TYPES = Map.ofEntries(
            Map.entry(1, "destination unreachable"), Map.entry(2, "packet too big"),
            Map.entry(3, "time exceeded in-transit"), Map.entry(4, "parameter problem"),
            Map.entry(128, "echo request"), Map.entry(129, "echo reply"),
            Map.entry(130, "multicast listener query"), Map.entry(131, "multicast listener report"),
            Map.entry(132, "multicast listener done"), Map.entry(133, "router solicitation"),
            Map.entry(134, "router advertisement"), Map.entry(135, "neighbor solicitation"),
            Map.entry(136, "neighbor advertisement"), Map.entry(137, "redirect"),
            Map.entry(138, "router renumbering"), Map.entry(141, "inverse neighbor solicitation"),
            Map.entry(142, "inverse neighbor advertisement"), Map.entry(143, "multicast listener report v2"),
            Map.entry(144, "ha discovery request"), Map.entry(145, "ha discovery reply"),
            Map.entry(146, "mobile router solicitation"), Map.entry(147, "mobile router advertisement"),
            Map.entry(139, "node information query"), Map.entry(140, "node information reply"),
            Map.entry(200, "mtrace response"), Map.entry(201, "mtrace message"), Map.entry(155, "RPL"));
    private static final Map<Integer, String> UNREACHABLE = Map.of(0, "unreachable route",
            1, " unreachable prohibited", 2, "beyond scope", 3, "unreachable address", 4, "unreachable port");

    private Icmp6Decoder() {
    }

    static void icmp6(Dissection d, int at, int length) {
        d.layer = "icmp6";
        Bytes b = d.bytes;
        if (length == 0) {
            d.print("ICMP6, length 0 (invalid)");
            return;
        }
        int type = b.u8(at);
        if (d.outer()) {
            d.protocol = Protocol.ICMP6;
            d.icmpType = type;
        }
        d.print("ICMP6, " + TYPES.getOrDefault(type, "unknown icmp6 type (" + type + ")"));
        int code = b.u8(at + 1);
        int quoted = at + 8; // the invoking packet's IPv6 header, in an error message
        switch (type) {
            case 1 -> {
                d.print(", " + UNREACHABLE.getOrDefault(code, "unknown unreach code (" + code + ")"));
                switch (code) {
                    case 0, 1, 3 -> d.print(" " + d.ip6(quoted + 24));
                    case 2 -> d.print(" " + d.ip6(quoted + 24) + ", source address " + d.ip6(quoted + 8));
                    case 4 -> unreachablePort(d, quoted);
                    default -> {
                        return; // tcpdump prints the message in hex here, and no length
                    }
                }
            }
            case 2 -> d.print(", mtu " + b.u32(at + 4));
            case 3 -> {
                switch (code) {
                    case 0 -> d.print(" for " + d.ip6(quoted + 24));
                    case 1 -> d.print(" (reassembly)");
                    default -> d.print(", unknown code (" + code + ")");
                }
            }
            case 4 -> {
                b.require(quoted + 24, 16);
                long pointer = b.u32(at + 4);
                d.print(switch (code) {
                    case 0 -> ", erroneous - octet " + pointer;
                    case 1 -> ", next header - octet " + pointer;
                    case 2 -> ", option - octet " + pointer;
                    case 3 -> ", incomplete header chain - octet " + pointer;
                    default -> ", code-#" + code;
                });
            }
            case 128, 129 -> d.print(", id " + b.u16(at + 4) + ", seq " + b.u16(at + 6));
            case 130 -> {
                if (length == 24) {
                    listener(d, at);
                } else if (length >= 28) {
                    d.print(" v2");
                    query2(d, at, length);
                } else {
                    d.print(" unknown-version (len " + length + ") ");
                }
            }
            case 131, 132 -> listener(d, at);
            case 133, 134, 141, 142 -> {
                // named only without -v
            }
            case 135 -> d.print(", who has " + d.ip6(at + 8));
            case 136 -> d.print(", tgt is " + d.ip6(at + 8));
            case 137 -> d.print(", " + d.ip6(at + 24) + " to " + d.ip6(at + 8)); // destination, then target
            case 143 -> {
                if (length < 8) {
                    d.print(" [invalid len " + length + "]");
                } else {
                    d.print(", " + b.u16(at + 6) + " group record(s)");
                }
            }
            case 144, 146 -> d.print(", id 0x" + Dissection.hex(b.u16(at + 4), 4));
            case 145, 147 -> {
                // their fields are printed with -v only
            }
            default -> {
                d.print(", length " + length);
                return; // tcpdump prints the message in hex here
            }
        }
        d.print(", length " + length);
    }

    /** The port of a quoted TCP or UDP header, found past the quoted packet's extension headers. */
    private static void unreachablePort(Dissection d, int quoted) {
        Bytes b = d.bytes;
        int next = b.u8(quoted + 6);
        int at = quoted;
        int advance = 40;
        while (true) {
            at += advance;
            switch (next) {
                case IpDecoder.TCP, IpDecoder.UDP -> {
                    int dport = b.u16(at + 2);
                    d.print(", " + d.ip6(quoted + 24) + (next == IpDecoder.TCP ? " tcp" : " udp") + " port " + dport);
                    return;
                }
                case IpDecoder.HOPOPTS, IpDecoder.DSTOPTS, IpDecoder.ROUTING -> {
                    next = b.u8(at);
                    advance = (b.u8(at + 1) + 1) * 8;
                }
                case IpDecoder.FRAGMENT -> {
                    if ((b.u16(at + 2) & 0xfff8) != 0) {
                        throw new Bytes.Truncated(); // a later fragment quotes no port
                    }
                    next = b.u8(at);
                    advance = 8;
                }
                case 51 -> { // AH
                    next = b.u8(at);
                    advance = (b.u8(at + 1) + 2) * 4;
                }
                default -> throw new Bytes.Truncated(); // tcpdump: no upper layer found
            }
        }
    }

    /** {@code mld6_print}: tcpdump prints it right after the type, without a separator. */
    private static void listener(Dissection d, int at) {
        if (!d.bytes.has(at, 24)) {
            return;
        }
        d.print("max resp delay: " + d.bytes.u16(at + 4) + " addr: " + d.ip6(at + 8));
    }

    /** {@code mldv2_query_print} without -v: the group, and how many sources. */
    private static void query2(Dissection d, int at, int length) {
        d.print(" [gaddr " + d.ip6(at + 8));
        int sources = d.bytes.u16(at + 26);
        if (sources > 0) {
            d.print(length < 28 + sources * 16L ? " [invalid number of sources]" : ", " + sources + " source(s)");
        }
        d.print("]");
    }
}
