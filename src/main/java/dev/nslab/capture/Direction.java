package dev.nslab.capture;

import dev.nslab.sys.PacketSockets;

/** Which way a frame crossed the interface, as the kernel tells an AF_PACKET socket. */
public enum Direction {
    /** Received by the interface: addressed to this host, broadcast, multicast, or to another host. */
    IN("In"),
    /** Sent by the interface ({@code PACKET_OUTGOING}). */
    OUT("Out");

    private final String word;

    Direction(String word) {
        this.word = word;
    }

    /** The word tcpdump prints for it on a cooked capture ({@code tcpdump -i any}): In or Out. */
    public String word() {
        return word;
    }

    /** The direction of a frame of {@code sll_pkttype} {@code packetType}. */
    public static Direction ofPacketType(int packetType) {
        return packetType == PacketSockets.PACKET_OUTGOING ? OUT : IN;
    }
}
