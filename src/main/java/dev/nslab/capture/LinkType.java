package dev.nslab.capture;

import dev.nslab.sys.PacketSockets;

/**
 * How a captured frame begins, and the pcap LINKTYPE_ value that says so in a file: an Ethernet
 * header (veths, bridges, taps, lo), or the IP header itself (a tun device has no link header).
 */
public enum LinkType {
    ETHERNET(1), RAW(101);

    /** The value of the pcap header's link-type field (tcpdump.org/linktypes.html). */
    public final int pcapValue;

    LinkType(int pcapValue) {
        this.pcapValue = pcapValue;
    }

    /**
     * The link type of an interface of hardware type {@code arphrd} ({@code sll_hatype}): tun and
     * wireguard (ARPHRD_NONE) and the IP tunnels (ipip, ip6tnl, sit, gre, ip6gre) carry bare IP.
     */
    public static LinkType ofHardwareType(int arphrd) {
        return switch (arphrd) {
            case PacketSockets.ARPHRD_NONE, 768 /* TUNNEL */, 769 /* TUNNEL6 */, 776 /* SIT */,
                    778 /* IPGRE */, 823 /* IP6GRE */ -> RAW;
            default -> ETHERNET;
        };
    }
}
