package dev.nslab.capture;

import java.util.Map;

/** The names tcpdump gives ethertypes ({@code ethertype_values} in its print-ether.c), as it prints them. */
final class EtherTypes {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x0800, "IPv4"), Map.entry(0x8847, "MPLS unicast"), Map.entry(0x8848, "MPLS multicast"),
            Map.entry(0x86dd, "IPv6"), Map.entry(0x8100, "802.1Q"), Map.entry(0x9100, "802.1Q-9100"),
            Map.entry(0x88a8, "802.1Q-QinQ"), Map.entry(0x9200, "802.1Q-9200"), Map.entry(0x88e5, "802.1AE MACsec"),
            Map.entry(0x0200, "PUP"), Map.entry(0x0806, "ARP"), Map.entry(0x8035, "Reverse ARP"),
            Map.entry(0x0600, "NS"), Map.entry(0x0500, "Sprite"), Map.entry(0x1000, "Trail"),
            Map.entry(0x6001, "MOP DL"), Map.entry(0x6002, "MOP RC"), Map.entry(0x6003, "DN"), Map.entry(0x6004, "LAT"),
            Map.entry(0x6007, "SCA"), Map.entry(0x6558, "TEB"), Map.entry(0x8038, "Lanbridge"),
            Map.entry(0x803c, "DEC DNS"), Map.entry(0x803e, "DEC DTS"), Map.entry(0x805b, "VEXP"), Map.entry(0x805c, "VPROD"),
            Map.entry(0x809b, "Appletalk"), Map.entry(0x80f3, "Appletalk ARP"), Map.entry(0x8137, "IPX"),
            Map.entry(0x880b, "PPP"), Map.entry(0x8808, "MPCP"), Map.entry(0x8809, "Slow Protocols"),
            Map.entry(0x8863, "PPPoE D"), Map.entry(0x8864, "PPPoE S"), Map.entry(0x888e, "EAPOL"),
            Map.entry(0x8899, "Realtek protocols"), Map.entry(0x886f, "MS NLB heartbeat"), Map.entry(0x8870, "Jumbo"),
            Map.entry(0x894f, "NSH"), Map.entry(0x9000, "Loopback"), Map.entry(0xfefe, "OSI"), Map.entry(0x00fe, "GRE-OSI"),
            Map.entry(0xabcd, "CFM (old)"), Map.entry(0x8902, "CFM"), Map.entry(0x893a, "IEEE1905.1"),
            Map.entry(0x88cc, "LLDP"), Map.entry(0x88ca, "TIPC"), Map.entry(0x0707, "GeoNet (old)"),
            Map.entry(0x8947, "GeoNet"), Map.entry(0x1111, "CALM FAST"), Map.entry(0x88a2, "AoE"), Map.entry(0x88f7, "PTP"),
            Map.entry(0xd28b, "Arista Vendor Specific Protocol"));

    private EtherTypes() {
    }

    /** tcpdump's name of {@code type}, or {@code fallback} when it has none. */
    static String name(int type, String fallback) {
        return NAMES.getOrDefault(type, fallback);
    }
}
