package dev.nslab.capture;

import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One captured frame, decoded: what a test asserts on, and the line {@code nslab capture} prints.
 *
 * @param epochNanos  the kernel's time stamp, in nanoseconds since the epoch
 * @param direction   whether the interface received or sent it
 * @param length      its length on the wire (it may have been captured shorter)
 * @param protocol    what it carries, as far as decoded
 * @param src         the IP source address; for ARP, the sender's protocol address; null otherwise
 * @param dst         the IP destination address; for ARP, the target's protocol address; null otherwise
 * @param srcPort     the TCP or UDP source port, -1 when none
 * @param dstPort     the TCP or UDP destination port, -1 when none
 * @param tcpFlags    tcpdump's flag letters ({@code S}, {@code S.}, {@code P.}, {@code F.}, {@code R}...), "" when not TCP
 * @param icmpType    the ICMP or ICMPv6 type, -1 when neither
 * @param etherType   the ethertype after any VLAN tags, -1 when unknown (a bare IP link uses 0x0800/0x86dd)
 * @param ipProtocol  the IP protocol (after IPv6 extension headers), -1 when not IP
 * @param summary     the line tcpdump -n prints for it, after the time stamp
 * @param frame       the captured bytes (not to be changed)
 */
public record Packet(long epochNanos, Direction direction, int length, Protocol protocol,
                     InetAddress src, InetAddress dst, int srcPort, int dstPort, String tcpFlags,
                     int icmpType, int etherType, int ipProtocol, String summary, byte[] frame) {

    /** The time stamp as an instant. */
    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /**
     * The line {@code tcpdump -n} prints: the local time of day to the microsecond (tcpdump's
     * default, truncated as it truncates a nanosecond file), a space, the summary.
     */
    public String line() {
        return timeOfDay(epochNanos) + " " + summary;
    }

    /** Whether it is TCP with all of {@code letters} among its flags, e.g. {@code hasTcpFlags("S.")} for a SYN-ACK. */
    public boolean hasTcpFlags(String letters) {
        return protocol == Protocol.TCP && letters.chars().allMatch(c -> tcpFlags.indexOf(c) >= 0);
    }

    /** Whether {@code address} (an IP literal) is its source or destination. */
    public boolean involves(String address) {
        InetAddress a = dev.nslab.model.Addresses.parse(address);
        return a.equals(src) || a.equals(dst);
    }

    @Override
    public String toString() {
        return line();
    }

    /** tcpdump's time stamp: {@code HH:MM:SS.uuuuuu} in the local time zone. */
    static String timeOfDay(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long micros = Math.floorMod(epochNanos, 1_000_000_000L) / 1000;
        LocalTime t = Instant.ofEpochSecond(seconds).atZone(ZoneId.systemDefault()).toLocalTime();
        return String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), micros);
    }
}
