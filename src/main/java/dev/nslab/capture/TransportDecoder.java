package dev.nslab.capture;

import java.util.Map;

/**
 * TCP and UDP as tcpdump -n prints them ({@code print-tcp.c}, {@code print-udp.c}), without
 * the application printers tcpdump runs on well-known ports (HTTP, DNS, ...): the line ends
 * with the transport's length. TCP options: mss, wscale, sackOK, sack, TS, nop, eol, the old
 * echo/cc options, scps and uto as tcpdump prints them; any other option (md5, mptcp, tfo,
 * tcp-ao, exp) by its name and its bytes in hex, as tcpdump prints an unknown one.
 */
final class TransportDecoder {
    private static final String FLAG_LETTERS = "FSRP.UEW"; // bits 0..7, tcpdump's order
    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;
    private static final int URG = 0x20;
    private static final Map<Integer, String> OPTION_NAMES = Map.ofEntries(
            Map.entry(0, "eol"), Map.entry(1, "nop"), Map.entry(2, "mss"), Map.entry(3, "wscale"),
            Map.entry(4, "sackOK"), Map.entry(5, "sack"), Map.entry(6, "echo"), Map.entry(7, "echoreply"),
            Map.entry(8, "TS"), Map.entry(11, "cc"), Map.entry(12, "ccnew"), Map.entry(13, ""),
            Map.entry(19, "md5"), Map.entry(20, "scps"), Map.entry(28, "uto"), Map.entry(29, "tcp-ao"),
            Map.entry(30, "mptcp"), Map.entry(34, "tfo"), Map.entry(254, "exp"));

    private final TcpSequences sequences = new TcpSequences();

    /** {@code udp_print}: ports, then the UDP length (or what is wrong with it). */
    void udp(Dissection d, IpDecoder.IpHeader ip, int at, int length, boolean fragmented) {
        d.layer = "udp";
        d.transport(Protocol.UDP);
        Bytes b = d.bytes;
        if (!b.has(at, 4)) {
            addresses(d, ip, -1, -1);
            throw new Bytes.Truncated();
        }
        int sport = b.u16(at);
        int dport = b.u16(at + 2);
        d.ports(sport, dport);
        if (length < 8) {
            addresses(d, ip, sport, dport);
            d.print("truncated-udp " + length);
            return;
        }
        if (!b.has(at + 4, 2)) {
            addresses(d, ip, sport, dport);
            throw new Bytes.Truncated();
        }
        int udpLength = b.u16(at + 4);
        if (udpLength == 0 && length > 65535) {
            udpLength = length; // an IPv6 jumbogram (RFC 2675)
        }
        if (udpLength < 8) {
            addresses(d, ip, sport, dport);
            d.print("truncated-udplength " + udpLength);
            return;
        }
        udpLength -= 8;
        length -= 8;
        if (udpLength < length) {
            length = udpLength;
        }
        if (!b.has(at, 8)) {
            addresses(d, ip, sport, dport);
            throw new Bytes.Truncated();
        }
        addresses(d, ip, sport, dport);
        d.print(udpLength > length && !fragmented ? "UDP, bad length " + udpLength + " > " + length : "UDP, length " + udpLength);
    }

    /** {@code udpipaddr_print}: with the addresses when UDP follows the IP header directly, else ports alone. */
    private static void addresses(Dissection d, IpDecoder.IpHeader ip, int sport, int dport) {
        if (ip.directTransport()) {
            d.print(sport < 0 ? ip.source() + " > " + ip.destination() + ": "
                    : ip.source() + "." + sport + " > " + ip.destination() + "." + dport + ": ");
        } else if (sport >= 0) {
            d.print(sport + " > " + dport + ": ");
        }
    }

    /** {@code tcp_print} without -v and -S: sequence numbers relative to the conversation's first. */
    void tcp(Dissection d, IpDecoder.IpHeader ip, int at, int length) {
        d.layer = "tcp";
        d.transport(Protocol.TCP);
        Bytes b = d.bytes;
        if (!b.has(at, 4)) {
            d.print(ip.source() + " > " + ip.destination() + ":");
            throw new Bytes.Truncated();
        }
        int sport = b.u16(at);
        int dport = b.u16(at + 2);
        d.ports(sport, dport);
        d.print(ip.directTransport() ? ip.source() + "." + sport + " > " + ip.destination() + "." + dport + ": "
                : sport + " > " + dport + ": ");
        b.require(at, 20);
        int headerLength = (b.u8(at + 12) >> 4) * 4;
        if (headerLength < 20) {
            d.print(" tcp " + Integer.toUnsignedString(length - headerLength) + " [bad hdr length " + headerLength + " - too short, < 20]");
            return;
        }
        long seq = b.u32(at + 4);
        long ack = b.u32(at + 8);
        int window = b.u16(at + 14);
        int urgent = b.u16(at + 18);
        int flags = b.u8(at + 13);
        String letters = flagLetters(flags);
        if (d.outer()) {
            d.tcpFlags = letters;
        }
        d.print("Flags [" + (letters.isEmpty() ? "none" : letters) + "]");
        TcpSequences.Relative relative = (flags & ACK) != 0
                ? sequences.relative(ip, b, sport, dport, seq, ack, (flags & SYN) != 0)
                : TcpSequences.Relative.absolute(seq, ack);
        seq = relative.seq();
        ack = relative.ack();
        if (headerLength > length) {
            d.print(" [bad hdr length " + headerLength + " - too long, > " + length + "]");
            return;
        }
        length -= headerLength;
        if (length > 0 || (flags & (SYN | FIN | RST)) != 0) {
            d.print(", seq " + seq);
            if (length > 0) {
                d.print(":" + ((seq + length) & 0xffffffffL));
            }
        }
        if ((flags & ACK) != 0) {
            d.print(", ack " + ack);
        }
        d.print(", win " + window);
        if ((flags & URG) != 0) {
            d.print(", urg " + urgent);
        }
        if (headerLength > 20 && !options(d, at + 20, headerLength - 20, relative)) {
            return;
        }
        d.print(", length " + length);
        if (length > 0 && !b.has(at, headerLength)) {
            // tcpdump's last check before the payload printers
            d.print(" [remaining caplen(" + Math.max(0, b.length() - at) + ") < header length(" + headerLength + ")]");
            throw new Bytes.Truncated();
        }
    }

    static String flagLetters(int flags) {
        StringBuilder out = new StringBuilder();
        for (int bit = 0; bit < 8; bit++) {
            if ((flags & (1 << bit)) != 0) {
                out.append(FLAG_LETTERS.charAt(bit));
            }
        }
        return out.toString();
    }

    /**
     * The options list; false when tcpdump ends the line inside it ({@code [bad opt]}, or a length
     * check that failed on the captured bytes).
     */
    private static boolean options(Dissection d, int at, int room, TcpSequences.Relative relative) {
        Bytes b = d.bytes;
        d.print(", options [");
        int cp = at;
        char separator = 0;
        while (room > 0) {
            if (separator != 0) {
                d.print(String.valueOf(separator));
            }
            int opt = b.u8(cp++);
            int len;
            if (opt == 0 || opt == 1) {
                len = 1;
            } else {
                len = b.u8(cp++);
                if (len < 2 || len > room) {
                    return badOption(d, separator);
                }
                room--;
            }
            room--;
            d.print(OPTION_NAMES.getOrDefault(opt, "unknown-" + opt));
            int dataLength = 0;
            switch (opt) {
                case 2, 3 -> {
                    dataLength = opt == 2 ? 2 : 1;
                    if (dataLength > room || !b.has(cp, dataLength)) {
                        return lengthCheckFailed(d, dataLength > room, separator);
                    }
                    d.print(" " + (opt == 2 ? b.u16(cp) : b.u8(cp)));
                }
                case 5 -> {
                    dataLength = len - 2;
                    if (dataLength % 8 != 0) {
                        d.print(" invalid sack");
                    } else {
                        d.print(" " + dataLength / 8 + " ");
                        for (int i = 0; i < dataLength; i += 8) {
                            if (i + 8 > room || !b.has(cp + i, 8)) {
                                return lengthCheckFailed(d, i + 8 > room, separator);
                            }
                            long base = relative.reversed() ? relative.initialSeq() : relative.initialAck();
                            d.print("{" + ((b.u32(cp + i) - base) & 0xffffffffL) + ":" + ((b.u32(cp + i + 4) - base) & 0xffffffffL) + "}");
                        }
                    }
                }
                case 6, 7, 11, 12, 13, 8 -> {
                    dataLength = opt == 8 ? 8 : 4;
                    if (dataLength > room || !b.has(cp, dataLength)) {
                        return lengthCheckFailed(d, dataLength > room, separator);
                    }
                    d.print(opt == 8 ? " val " + b.u32(cp) + " ecr " + b.u32(cp + 4) : " " + b.u32(cp));
                }
                case 19 -> {
                    // md5: its 16 bytes in hex (tcpdump checks them against a secret given with -M)
                    dataLength = 16;
                    if (dataLength > room || !b.has(cp, dataLength)) {
                        return lengthCheckFailed(d, dataLength > room, separator);
                    }
                    d.print(" 0x");
                    for (int i = 0; i < dataLength; i++) {
                        d.print(Dissection.hex(b.u8(cp + i), 2));
                    }
                }
                case 20 -> {
                    dataLength = 2;
                    if (dataLength > room || !b.has(cp, dataLength)) {
                        return lengthCheckFailed(d, dataLength > room, separator);
                    }
                    d.print(" cap " + Dissection.hex(b.u8(cp), 2) + " id " + b.u8(cp + 1));
                }
                case 28 -> {
                    dataLength = 2;
                    if (dataLength > room || !b.has(cp, dataLength)) {
                        return lengthCheckFailed(d, dataLength > room, separator);
                    }
                    int value = b.u16(cp);
                    d.print(" 0x" + Integer.toHexString(value) + " " + ((value & 1) != 0 ? (value >> 1) * 60 : value >> 1));
                }
                case 0, 1, 4 -> {
                    // no data
                }
                default -> {
                    dataLength = len - 2;
                    if (dataLength > 0) {
                        d.print(" 0x");
                    }
                    for (int i = 0; i < dataLength; i++) {
                        if (i + 1 > room || !b.has(cp + i, 1)) {
                            return lengthCheckFailed(d, i + 1 > room, separator);
                        }
                        d.print(Dissection.hex(b.u8(cp + i), 2));
                    }
                }
            }
            cp += dataLength;
            room -= dataLength;
            int accounted = dataLength + 1 + (opt == 0 || opt == 1 ? 0 : 1);
            if (accounted != len) {
                d.print("[len " + len + "]");
            }
            separator = ',';
            if (opt == 0) {
                break;
            }
        }
        d.print("]");
        return true;
    }

    private static boolean badOption(Dissection d, char separator) {
        d.print("[bad opt]");
        if (separator != 0) {
            d.print("]");
        }
        return false;
    }

    /** tcpdump's LENCHECK: past the option room it is a bad option, past the captured bytes a truncation. */
    private static boolean lengthCheckFailed(Dissection d, boolean pastRoom, char separator) {
        if (pastRoom) {
            return badOption(d, separator);
        }
        d.truncated();
        if (separator != 0) {
            d.print(">");
        }
        throw new IpDecoder.StopDecoding();
    }
}
