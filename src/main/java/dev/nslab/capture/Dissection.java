package dev.nslab.capture;

import dev.nslab.model.Addresses;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One frame being decoded: the bytes, the text printed so far, and the fields found so far.
 * The decoders of each layer read from {@link #bytes} and print into it, as tcpdump's printers
 * write into one line; {@link #layer} names the layer being read, for the {@code [|layer]} mark
 * when its bytes run out. Only the outermost IP (or ARP) header fills the address fields: an
 * encapsulated packet is printed, but a filter matches on the outer one, as pcap's does.
 */
final class Dissection {
    Bytes bytes;
    final StringBuilder text = new StringBuilder();
    String layer = "ether";
    int etherType = -1;
    Protocol protocol = Protocol.OTHER;
    InetAddress src;
    InetAddress dst;
    int srcPort = -1;
    int dstPort = -1;
    String tcpFlags = "";
    int icmpType = -1;
    int ipProtocol = -1;
    /** How many IP headers deep the decoder is (1: the outer one). */
    int ipDepth;

    Dissection(byte[] frame) {
        this.bytes = new Bytes(frame);
    }

    Dissection print(String s) {
        text.append(s);
        return this;
    }

    Dissection print(long n) {
        text.append(n);
        return this;
    }

    /** Whether the fields describe the outer packet still (so the current layer may fill them). */
    boolean outer() {
        return ipDepth <= 1;
    }

    /** What the outer packet carries, when the current layer belongs to it. */
    void transport(Protocol carried) {
        if (outer()) {
            protocol = carried;
        }
    }

    /** The outer packet's ports, when the current layer belongs to it. */
    void ports(int source, int destination) {
        if (outer()) {
            srcPort = source;
            dstPort = destination;
        }
    }

    /** tcpdump's {@code [|layer]} mark: the captured bytes ended inside {@link #layer}. */
    void truncated() {
        text.append(" [|").append(layer).append(']');
    }

    // ---- addresses as tcpdump -n prints them ---------------------------------------------

    /** The IPv4 address at {@code offset}, dotted. */
    String ip4(int offset) {
        bytes.require(offset, 4);
        return bytes.u8(offset) + "." + bytes.u8(offset + 1) + "." + bytes.u8(offset + 2) + "." + bytes.u8(offset + 3);
    }

    /**
     * The IPv6 address at {@code offset}, as tcpdump's {@code addrtostr6} prints it: RFC 5952
     * (which {@link Addresses#format} follows), except that an IPv4-compatible address
     * ({@code ::a.b.c.d}) keeps its dotted quad.
     */
    String ip6(int offset) {
        InetAddress a = address(offset, 16);
        if (bytes.isZero(offset, 12) && bytes.u16(offset + 12) != 0) {
            return "::" + ip4(offset + 12);
        }
        return Addresses.format(a);
    }

    /** The hardware address of {@code length} bytes at {@code offset}: {@code 02:00:00:00:00:01}. */
    String mac(int offset, int length) {
        bytes.require(offset, length);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Character.forDigit(bytes.u8(offset + i) >> 4, 16)).append(Character.forDigit(bytes.u8(offset + i) & 0xf, 16));
        }
        return out.toString();
    }

    /** The IPv4 (4 bytes) or IPv6 (16) address at {@code offset}; an IPv4-mapped one stays IPv6. */
    InetAddress address(int offset, int length) {
        byte[] raw = bytes.slice(offset, length);
        try {
            return length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static String hex(int value, int digits) {
        String h = Integer.toHexString(value);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }
}
