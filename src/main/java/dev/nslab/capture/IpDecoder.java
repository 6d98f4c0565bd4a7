package dev.nslab.capture;

/**
 * IPv4 and IPv6 as tcpdump -n prints them ({@code print-ip.c}, {@code print-ip6.c},
 * {@code print-ip-demux.c}): the header's own complaints (truncated, bad lengths), the IPv6
 * extension headers (hop-by-hop, destination options, routing, fragment), non-first fragments,
 * then the transport. Offsets are from the start of the frame.
 */
final class IpDecoder {
    static final int HOPOPTS = 0;
    static final int ICMP = 1;
    static final int IPV4 = 4;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int IPV6 = 41;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int ICMPV6 = 58;
    static final int NONE = 59;
    static final int DSTOPTS = 60;

    private final TransportDecoder transport = new TransportDecoder();

    /** A link without a header (tun): the version nibble says which IP ({@code ipN_print}). */
    void rawIp(Dissection d, int length) {
        d.layer = "ipn";
        if (length < 1) {
            d.print("truncated-ip " + length);
            return;
        }
        switch (d.bytes.u8(0) & 0xf0) {
            case 0x40 -> {
                d.etherType = PacketDecoder.ETHERTYPE_IP;
                ip4(d, 0, length);
            }
            case 0x60 -> {
                d.etherType = PacketDecoder.ETHERTYPE_IPV6;
                ip6(d, 0, length);
            }
            default -> d.print("unknown ip " + (d.bytes.u8(0) >> 4));
        }
    }

    /** {@code ip_print}: {@code length} is what the link layer says follows its header. */
    void ip4(Dissection d, int at, int length) {
        d.layer = "ip";
        Bytes b = d.bytes;
        int version = b.u8(at) >> 4;
        if (version != 4) {
            d.print(version == 6 ? "IP6, wrong link-layer encapsulation" : "IP" + version).print(" (invalid)");
            return;
        }
        d.print("IP ");
        b.require(at, 20);
        d.ipDepth++;
        if (d.outer()) {
            d.protocol = Protocol.IP;
            d.src = d.address(at + 12, 4);
            d.dst = d.address(at + 16, 4);
            d.ipProtocol = b.u8(at + 9);
        }
        if (length < 20) {
            d.print("truncated-ip " + length);
            return;
        }
        int headerLength = (b.u8(at) & 0x0f) * 4;
        if (headerLength < 20) {
            d.print("bad-hlen " + headerLength);
            return;
        }
        int totalLength = b.u16(at + 2);
        if (length < totalLength) {
            d.print("truncated-ip - " + (totalLength - length) + " bytes missing! ");
        }
        if (totalLength < headerLength) {
            d.print("bad-len " + totalLength);
            return;
        }
        d.bytes = b.endingAt((long) at + totalLength);
        int payloadLength = totalLength - headerLength;
        int fragment = b.u16(at + 6);
        int next = b.u8(at + 9);
        String source = d.ip4(at + 12);
        String destination = d.ip4(at + 16);
        if ((fragment & 0x1fff) != 0) {
            // Not the first fragment: the transport header is in another one.
            d.print(source + " > " + destination + ": ip-proto-" + next);
            return;
        }
        if (next != TCP && next != UDP) {
            d.print(source + " > " + destination + ": ");
        }
        if (!d.bytes.has(at, headerLength)) {
            d.print(" [remaining caplen(" + Math.max(0, d.bytes.length() - at) + ") < header length(" + headerLength + ")]");
            throw new Bytes.Truncated();
        }
        IpHeader header = new IpHeader(4, at, source, destination, next == TCP || next == UDP);
        demux(d, header, at + headerLength, payloadLength, next, (fragment & 0x2000) != 0);
    }

    /** {@code ip6_print}: the fixed header, then extension headers until the transport. */
    void ip6(Dissection d, int at, int length) {
        d.layer = "ip6";
        Bytes b = d.bytes;
        b.require(at, 40);
        if (length < 40) {
            d.print("truncated-ip6 " + length);
            return;
        }
        d.print("IP6 ");
        int version = b.u8(at) >> 4;
        if (version != 6) {
            d.print("version error: " + version + " != 6");
            return;
        }
        d.ipDepth++;
        if (d.outer()) {
            d.protocol = Protocol.IP6;
            d.src = d.address(at + 8, 16);
            d.dst = d.address(at + 24, 16);
        }
        int payloadLength = b.u16(at + 4);
        long total = payloadLength + 40L;
        if (payloadLength != 0 && length < total) {
            d.print("truncated-ip6 - " + (total - length) + " bytes missing!");
        }
        if (payloadLength == 0) {
            total = length + 40L; // a jumbogram's length is in a hop-by-hop option; see below
        }
        d.bytes = b.endingAt(at + total);
        String source = d.ip6(at + 8);
        String destination = d.ip6(at + 24);
        int next = b.u8(at + 6);
        boolean directTransport = next == TCP || next == UDP;
        IpHeader header = new IpHeader(6, at, source, destination, directTransport);
        if (!directTransport) {
            d.print(source + " > " + destination + ": ");
        }
        int cursor = at + 40;
        long remaining = total - 40;
        boolean fragmented = false;
        boolean extension = false;
        long jumboLength = -1;
        boolean first = true;
        while (true) {
            int advance;
            switch (next) {
                case HOPOPTS -> {
                    d.layer = "hbhopt";
                    if (!first) {
                        d.print("[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)");
                        return;
                    }
                    advance = (d.bytes.u8(cursor + 1) + 1) * 8;
                    d.bytes.require(cursor, advance);
                    d.print("HBH ");
                    long jumbo = hopByHopOptions(d, cursor + 2, advance - 2, payloadLength == 0);
                    if (payloadLength == 0 && jumbo < 0) {
                        d.print("[No valid Jumbo Payload Hop-by-Hop option found] (invalid)");
                        return;
                    }
                    jumboLength = jumbo;
                }
                case DSTOPTS -> {
                    d.layer = "dstopt";
                    advance = (d.bytes.u8(cursor + 1) + 1) * 8;
                    d.bytes.require(cursor, advance);
                    d.print("DSTOPT "); // its options are read with -v only
                }
                case ROUTING -> {
                    d.bytes.require(cursor, 1);
                    d.layer = "rt6";
                    advance = routing(d, cursor);
                }
                case FRAGMENT -> {
                    d.layer = "frag6";
                    int offset = d.bytes.u16(cursor + 2) & 0xfff8;
                    // tcpdump computes the fragment's length in size_t: a header longer than the packet wraps around
                    d.print("frag (" + offset + "|" + Long.toUnsignedString(40L + payloadLength - (cursor - at) - 8) + ")");
                    if (offset != 0) {
                        return; // a later fragment: nothing of the transport to decode
                    }
                    d.print(" ");
                    advance = 8;
                    if (!d.bytes.has(cursor, advance + 1)) {
                        return; // tcpdump stops when the fragment header is the last captured byte
                    }
                    fragmented = true;
                }
                default -> {
                    long transportLength = remaining;
                    if (jumboLength >= 0) {
                        long jumboTotal = jumboLength + 40;
                        if (jumboTotal < cursor - at) {
                            throw new Bytes.Truncated();
                        }
                        if (length < jumboTotal) {
                            d.print("truncated-ip6 - " + (jumboTotal - length) + " bytes missing!");
                        }
                        d.bytes = d.bytes.endingAt(at + jumboTotal);
                        transportLength = jumboTotal - (cursor - at);
                    } else if (payloadLength == 0) {
                        if (extension) {
                            throw new Bytes.Truncated();
                        }
                        transportLength = 0;
                        d.bytes = d.bytes.endingAt(at + 40L);
                    }
                    demux(d, header, cursor, (int) transportLength, next, fragmented);
                    return;
                }
            }
            int following = d.bytes.u8(cursor);
            extension = true;
            first = false;
            if (remaining < advance) {
                throw new Bytes.Truncated();
            }
            cursor += advance;
            remaining -= advance;
            next = following;
            d.layer = "ip6";
        }
    }

    /**
     * {@code ip6_opt_process} without -v: silent, but for the complaints it prints about options
     * that do not fit their header; returns the Jumbo Payload length when a valid one is found
     * in a packet whose IPv6 payload length is 0 (RFC 2675), else -1.
     */
    private static long hopByHopOptions(Dissection d, int at, int length, boolean jumbogram) {
        long jumbo = -1;
        boolean seen = false;
        for (int i = 0; i < length; ) {
            int type = d.bytes.u8(at + i);
            if (type == 0) {
                i++;
                continue;
            }
            if (i + 1 >= length) {
                throw new Bytes.Truncated();
            }
            int optionLength = d.bytes.u8(at + i + 1) + 2;
            if (i + optionLength > length) {
                throw new Bytes.Truncated();
            }
            int room = length - i;
            switch (type) {
                case 0x05 -> optionLengthCheck(d, "rtalert", room < 4, optionLength != 4, optionLength);
                case 0xc2 -> {
                    optionLengthCheck(d, "jumbo", room < 6, optionLength != 6, optionLength);
                    long value = d.bytes.u32(at + i + 2);
                    if (!seen && jumbogram && value >= 65536) {
                        jumbo = value;
                    }
                    seen = true;
                }
                case 0xc9 -> optionLengthCheck(d, "homeaddr", room < 18, optionLength < 18, optionLength);
                default -> {
                    // read with -v only
                }
            }
            i += optionLength;
        }
        return jumbo;
    }

    private static void optionLengthCheck(Dissection d, String name, boolean beyondHeader, boolean wrongLength, int optionLength) {
        if (beyondHeader) {
            d.print("(" + name + ": trunc)");
            throw new Bytes.Truncated();
        }
        if (wrongLength) {
            d.print("(" + name + ": invalid len " + (optionLength - 2) + ")");
            throw new Bytes.Truncated();
        }
    }

    /**
     * {@code rt6_print}, field by field as it prints them (so a short header shows how far it got):
     * types 0 and 2 (addresses) and 4 (segment routing); another type is invalid.
     */
    private static int routing(Dissection d, int at) {
        Bytes b = d.bytes;
        d.print("RT6");
        int units = b.u8(at + 1);
        d.print(" (len=" + units);
        int type = b.u8(at + 2);
        d.print(", type=" + type + (type == 0 ? " [Deprecated]" : ""));
        d.print(", segleft=" + b.u8(at + 3));
        if (type == 0 || type == 2) {
            long reserved = b.u32(at + 4);
            if (reserved != 0) {
                d.print(", rsv=0x" + Long.toHexString(reserved));
            }
        } else if (type == 4) {
            d.print(", last-entry=" + b.u8(at + 4));
            int flags = b.u8(at + 5);
            if (flags != 0) {
                d.print(", flags=0x" + Integer.toHexString(flags));
            }
            d.print(", tag=" + Integer.toHexString(b.u16(at + 6)));
        } else {
            d.print(" (unknown type) (invalid)");
            throw new StopDecoding();
        }
        if (units % 2 == 1) {
            d.print(" (invalid length " + units + ") (invalid)");
            throw new StopDecoding();
        }
        for (int i = 0; i < units / 2; i++) {
            d.print(", [" + i + "]" + d.ip6(at + 8 + 16 * i));
        }
        d.print(") ");
        return (units + 1) * 8;
    }

    /** {@code ip_demux_print}: the protocols decoded here, the rest by number. */
    void demux(Dissection d, IpHeader header, int at, int length, int next, boolean fragmented) {
        if (d.outer()) {
            d.ipProtocol = next;
        }
        switch (next) {
            case TCP -> transport.tcp(d, header, at, length);
            case UDP -> transport.udp(d, header, at, length, fragmented);
            case ICMP -> {
                if (header.version() == 4) {
                    IcmpDecoder.icmp(d, at, length);
                } else {
                    d.print("[ICMP requires IPv4] (invalid)");
                }
            }
            case ICMPV6 -> {
                if (header.version() == 6) {
                    Icmp6Decoder.icmp6(d, at, length);
                } else {
                    d.print("[ICMPv6 requires IPv6] (invalid)");
                }
            }
            case IPV4 -> ip4(d, at, length);
            case IPV6 -> ip6(d, at, length);
            case NONE -> d.print("no next header");
            default -> d.print(" ip-proto-" + next + " " + length);
        }
    }

    /** What the transport printers need of the IP header: tcpdump prints addresses with the ports. */
    record IpHeader(int version, int at, String source, String destination, boolean directTransport) {
    }

    /** Ends decoding where tcpdump's printer returns early, the line complete as it is. */
    static final class StopDecoding extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopDecoding() {
            super("stop", null, false, false);
        }
    }
}
