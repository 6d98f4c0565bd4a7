package dev.nslab.capture;

import java.util.Map;

/**
 * Decodes captured frames into {@link Packet}s whose summary is the line {@code tcpdump -n}
 * prints: Ethernet (and 802.1Q tags), ARP, IPv4, IPv6 with its extension headers, ICMP, ICMPv6,
 * TCP and UDP. The wording follows tcpdump 4.99's printers ({@code print-ether.c},
 * {@code print-arp.c}, ...); docs/capture.md lists what is abbreviated.
 * <p>
 * Every read is bounds-checked: a truncated or garbled frame decodes as far as its bytes go,
 * with tcpdump's {@code [|layer]} mark, and nothing is thrown past {@link #decode}. A decoder
 * keeps the first sequence numbers of each TCP conversation, as tcpdump does, to print the
 * later ones relative to them: use one per capture, from one thread.
 */
public final class PacketDecoder {
    static final int ETHERTYPE_IP = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final Map<Integer, String> ARP_OPERATIONS = Map.of(1, "Request", 2, "Reply",
            3, "Reverse Request", 4, "Reverse Reply", 8, "Inverse Request", 9, "Inverse Reply", 10, "NACK Reply");
    private static final Map<Integer, String> ARP_HARDWARE = Map.of(1, "Ethernet", 6, "TokenRing", 7, "ArcNet",
            15, "FrameRelay", 19, "ATM", 23, "Strip", 24, "IEEE 1394", 32, "InfiniBand");

    private final LinkType linkType;
    private final IpDecoder ip = new IpDecoder();

    public PacketDecoder(LinkType linkType) {
        this.linkType = linkType;
    }

    /**
     * Decodes one frame.
     *
     * @param frame          the captured bytes
     * @param originalLength its length on the wire (at least {@code frame.length})
     */
    public Packet decode(byte[] frame, int originalLength, long epochNanos, Direction direction) {
        Dissection d = new Dissection(frame);
        int length = Math.max(originalLength, frame.length);
        try {
            if (linkType == LinkType.RAW) {
                ip.rawIp(d, length);
            } else {
                ethernet(d, length);
            }
        } catch (Bytes.Truncated t) {
            d.truncated();
        } catch (IpDecoder.StopDecoding complete) {
            // the printer said all it says about this frame
        } catch (RuntimeException bug) {
            // A decoder bug must not end the capture; the fuzz spec proves this mark never appears.
            d.print(" [decoder bug: " + bug + "]");
        }
        return new Packet(epochNanos, direction, length, d.protocol, d.src, d.dst, d.srcPort, d.dstPort,
                d.tcpFlags, d.icmpType, d.etherType, d.ipProtocol, d.text.toString().stripTrailing(), frame);
    }

    /** {@code ether_print} without -e: the link header is printed only for frames nothing else decodes. */
    private void ethernet(Dissection d, int length) {
        Bytes b = d.bytes;
        if (b.length() < 14) {
            throw new Bytes.Truncated();
        }
        int at = 12;
        int remaining = length - 14;
        int type = b.u16(at);
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200) {
            d.layer = "vlan";
            if (remaining < 4) {
                throw new Bytes.Truncated();
            }
            type = b.u16(at + 4);
            at += 4;
            remaining -= 4;
        }
        int payload = at + 2;
        d.etherType = type;
        if (type <= 1500) {
            // 802.3 with an LLC header: tcpdump decodes LLC, SNAP and STP; this prints the link header only.
            d.print(d.mac(6, 6) + " > " + d.mac(0, 6) + ", 802.3, length " + Math.min(type, remaining));
            return;
        }
        switch (type) {
            case ETHERTYPE_IP -> ip.ip4(d, payload, remaining);
            case ETHERTYPE_IPV6 -> ip.ip6(d, payload, remaining);
            case ETHERTYPE_ARP -> arp(d, payload, remaining);
            default -> d.print(d.mac(6, 6) + " > " + d.mac(0, 6) + ", ethertype "
                    + EtherTypes.name(type, "Unknown") + " (0x" + Dissection.hex(type, 4) + "), length " + length);
        }
    }

    /** {@code arp_print}: requests and replies of IPv4 over Ethernet in words, other kinds by their header. */
    private static void arp(Dissection d, int at, int length) {
        d.layer = "arp";
        d.protocol = Protocol.ARP;
        Bytes b = d.bytes;
        b.require(at, 8);
        int hardware = b.u16(at);
        int protocol = b.u16(at + 2);
        int hardwareLength = b.u8(at + 4);
        int protocolLength = b.u8(at + 5);
        int op = b.u16(at + 6);
        int sha = at + 8;
        int spa = sha + hardwareLength;
        int tha = spa + protocolLength;
        int tpa = tha + hardwareLength;
        b.require(tpa, protocolLength);
        d.print("ARP, ");
        // Frame relay (DLCI) and ATM (RFC 2225) addresses are not decoded: their header is printed as for another protocol.
        if ((protocol != ETHERTYPE_IP && protocol != 0x1000) || protocolLength != 4 || hardwareLength == 0
                || hardware == 15 || hardware == 19) {
            d.print(ARP_HARDWARE.getOrDefault(hardware, "Unknown Hardware (" + hardware + ")") + " (len " + hardwareLength + "), "
                    + EtherTypes.name(protocol, "Unknown Protocol (0x" + Dissection.hex(protocol, 4) + ")") + " (len " + protocolLength + ")");
            d.print(", length ").print(length);
            return;
        }
        d.src = d.address(spa, 4);
        d.dst = d.address(tpa, 4);
        d.print(ARP_OPERATIONS.getOrDefault(op, "Unknown (" + op + ")"));
        switch (op) {
            case 1 -> d.print(" who-has " + d.ip4(tpa)
                    + (b.isZero(tha, hardwareLength) ? "" : " (" + d.mac(tha, hardwareLength) + ")") + " tell " + d.ip4(spa));
            case 2 -> d.print(" " + d.ip4(spa) + " is-at " + d.mac(sha, hardwareLength));
            case 3, 8 -> d.print(" who-is " + d.mac(tha, hardwareLength) + " tell " + d.mac(sha, hardwareLength));
            case 4 -> d.print(" " + d.mac(tha, hardwareLength) + " at " + d.ip4(tpa));
            case 9 -> d.print(" " + d.mac(sha, hardwareLength) + " at " + d.ip4(spa));
            default -> {
                return; // tcpdump prints the bytes in hex here, and no length
            }
        }
        d.print(", length ").print(length);
    }
}
