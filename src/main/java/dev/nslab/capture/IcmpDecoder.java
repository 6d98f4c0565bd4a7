package dev.nslab.capture;

import java.util.Map;

/**
 * ICMP (IPv4) as tcpdump -n prints it ({@code print-icmp.c}, without -v): echo, every kind of
 * destination unreachable (with the port from the quoted header), redirect, time exceeded,
 * parameter problem, router advertisement, time stamps, address mask; {@code type-#N} for the rest.
 */
final class IcmpDecoder {
    private static final Map<Integer, String> TYPES = Map.of(0, "echo reply", 4, "source quench",
            8, "echo request", 10, "router solicitation", 13, "time stamp request", 14, "time stamp reply",
            15, "information request", 16, "information reply", 17, "address mask request");
    private static final String[] UNREACHABLE = {
        "net %s unreachable", "host %s unreachable", null, null, null, "%s unreachable - source route failed",
        "net %s unreachable - unknown", "host %s unreachable - unknown", "%s unreachable - source host isolated",
        "net %s unreachable - admin prohibited", "host %s unreachable - admin prohibited",
        "net %s unreachable - tos prohibited", "host %s unreachable - tos prohibited",
        "host %s unreachable - admin prohibited filter", "host %s unreachable - host precedence violation",
        "host %s unreachable - precedence cutoff"};

    private IcmpDecoder() {
    }

    static void icmp(Dissection d, int at, int length) {
        d.layer = "icmp";
        Bytes b = d.bytes;
        int type = b.u8(at);
        int code = b.u8(at + 1);
        if (d.outer()) {
            d.protocol = Protocol.ICMP;
            d.icmpType = type;
        }
        // The quoted IP header of an error starts 8 bytes in; its destination is 16 bytes into it.
        int quoted = at + 8;
        String text = switch (type) {
            case 0, 8 -> "echo " + (type == 8 ? "request" : "reply") + ", id " + b.u16(at + 4) + ", seq " + b.u16(at + 6);
            case 3 -> unreachable(d, code, quoted, b);
            case 5 -> redirect(d, code, quoted);
            case 9 -> routerAdvertisement(d, at);
            case 11 -> {
                b.require(quoted + 16, 4);
                yield code == 0 ? "time exceeded in-transit" : code == 1 ? "ip reassembly time exceeded" : "time exceeded-#" + code;
            }
            case 12 -> code != 0 ? "parameter problem - code " + code : "parameter problem - octet " + b.u8(at + 4);
            case 18 -> "address mask is 0x" + Dissection.hex((int) b.u32(at + 8), 8);
            case 13 -> "time stamp query id " + b.u16(at + 4) + " seq " + b.u16(at + 6);
            case 14 -> {
                b.require(at + 16, 4);
                yield "time stamp reply id " + b.u16(at + 4) + " seq " + b.u16(at + 6) + ": org " + millisOfDay(b.u32(at + 8))
                        + ", recv " + millisOfDay(b.u32(at + 12)) + ", xmit " + millisOfDay(b.u32(at + 16));
            }
            default -> TYPES.getOrDefault(type, "type-#" + type);
        };
        d.print("ICMP " + text + ", length " + length);
    }

    private static String unreachable(Dissection d, int code, int quoted, Bytes b) {
        switch (code) {
            case 2:
                return d.ip4(quoted + 16) + " protocol " + b.u8(quoted + 9) + " unreachable";
            case 3: {
                b.require(quoted + 9, 1);
                int headerLength = (b.u8(quoted) & 0x0f) * 4;
                int dport = b.u16(quoted + headerLength + 2);
                int protocol = b.u8(quoted + 9);
                String destination = d.ip4(quoted + 16);
                return switch (protocol) {
                    case IpDecoder.TCP -> destination + " tcp port " + dport + " unreachable";
                    case IpDecoder.UDP -> destination + " udp port " + dport + " unreachable";
                    default -> destination + " protocol " + protocol + " port " + dport + " unreachable";
                };
            }
            case 4: {
                int mtu = b.u16(quoted - 2);
                return d.ip4(quoted + 16) + " unreachable - need to frag" + (mtu != 0 ? " (mtu " + mtu + ")" : "");
            }
            default:
                if (code < UNREACHABLE.length && UNREACHABLE[code] != null) {
                    return String.format(UNREACHABLE[code], d.ip4(quoted + 16));
                }
                return d.ip4(quoted + 16) + " unreachable - #" + code;
        }
    }

    private static String redirect(Dissection d, int code, int quoted) {
        String destination = d.ip4(quoted + 16);
        String gateway = d.ip4(quoted - 4);
        return switch (code) {
            case 0 -> "redirect " + destination + " to net " + gateway;
            case 1 -> "redirect " + destination + " to host " + gateway;
            case 2 -> "redirect-tos " + destination + " to net " + gateway;
            case 3 -> "redirect-tos " + destination + " to host " + gateway;
            default -> "redirect-#" + code + " " + destination + " to " + gateway;
        };
    }

    /** RFC 1256: lifetime as s, m:ss or h:mm:ss, then each {address preference}. */
    private static String routerAdvertisement(Dissection d, int at) {
        Bytes b = d.bytes;
        b.require(at + 4, 4);
        StringBuilder out = new StringBuilder("router advertisement lifetime ");
        int lifetime = b.u16(at + 6);
        if (lifetime < 60) {
            out.append(lifetime);
        } else if (lifetime < 3600) {
            out.append(lifetime / 60).append(':').append(String.format("%02d", lifetime % 60));
        } else {
            out.append(lifetime / 3600).append(':').append(String.format("%02d:%02d", (lifetime % 3600) / 60, lifetime % 60));
        }
        int count = b.u8(at + 4);
        out.append(' ').append(count).append(':');
        int size = b.u8(at + 5);
        if (size != 2) {
            return out.append(" [size ").append(size).append(']').toString();
        }
        for (int i = 0; i < count; i++) {
            int entry = at + 8 + 8 * i;
            b.require(entry, 8);
            out.append(" {").append(d.ip4(entry)).append(' ').append(b.u32(entry + 4)).append('}');
        }
        return out.toString();
    }

    /** {@code icmp_tstamp_print}: milliseconds since midnight UTC as HH:MM:SS.mmm. */
    private static String millisOfDay(long millis) {
        long seconds = millis / 1000;
        return String.format("%02d:%02d:%02d.%03d", seconds / 3600, (seconds / 60) % 60, seconds % 60, millis % 1000);
    }
}
