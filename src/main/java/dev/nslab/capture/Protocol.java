package dev.nslab.capture;

/**
 * What a frame carries, as far as the decoder reads it: the word a filter uses for it.
 * {@link #IP} and {@link #IP6} are IPv4 and IPv6 packets of another protocol than these
 * (see {@link Packet#ipProtocol()}); {@link #OTHER} is a frame of another ethertype.
 */
public enum Protocol {
    ARP, IP, IP6, ICMP, ICMP6, TCP, UDP, OTHER
}
