package dev.nslab.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP address with a prefix length, as in {@code 10.0.0.1/24} or {@code fd00::1/64}.
 *
 * <p>As an interface address the host bits are kept ({@code 10.0.0.1/24} is the
 * address 10.0.0.1 on the network 10.0.0.0/24); {@link #network()} clears them.
 * Equality is by address and length.
 *
 * @param address the address, never resolved through DNS
 * @param length  0..32 for IPv4, 0..128 for IPv6
 */
public record Prefix(InetAddress address, int length) {

    public Prefix {
        Objects.requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " is out of range 0.." + max);
        }
    }

    /**
     * Parses {@code ADDRESS/LENGTH}; IPv4 or IPv6 literals only, no DNS.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length (write it as ADDRESS/LENGTH)");
        }
        InetAddress address = Addresses.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        int max = address.getAddress().length * 8;
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(len) > max) {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length (0.." + max + ")");
        }
        return new Prefix(address, Integer.parseInt(len));
    }

    /** A host prefix: /32 for IPv4, /128 for IPv6. */
    public static Prefix host(InetAddress address) {
        return new Prefix(address, address.getAddress().length * 8);
    }

    /** The default route's destination of the given family: 0.0.0.0/0 or ::/0. */
    public static Prefix defaultRoute(boolean ipv6) {
        return new Prefix(Addresses.parse(ipv6 ? "::" : "0.0.0.0"), 0);
    }

    /** @return true for an IPv6 prefix */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** @return true for 0.0.0.0/0 and ::/0 */
    public boolean isDefault() {
        return length == 0;
    }

    /** @return the same prefix with the host bits cleared, e.g. 10.0.0.0/24 for 10.0.0.1/24 */
    public Prefix network() {
        byte[] b = address.getAddress();
        for (int bit = length; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            InetAddress net = isIpv6() ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
            return new Prefix(net, length);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** @return true if {@code candidate} is of the same family and lies inside this prefix */
    public boolean contains(InetAddress candidate) {
        byte[] mine = address.getAddress();
        byte[] other = candidate.getAddress();
        if (mine.length != other.length) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((mine[bit / 8] & mask) != (other[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** @return the canonical text, e.g. {@code fd00::1/64} */
    @Override
    public String toString() {
        return Addresses.format(address) + "/" + length;
    }
}
