package dev.nslab.netlink.nl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One netlink attribute, kept as raw bytes so that anything, known or not, encodes back exactly.
 *
 * <pre>
 * struct nlattr {
 *     __u16 nla_len;   // header + payload, without trailing padding
 *     __u16 nla_type;  // type, plus NLA_F_NESTED / NLA_F_NET_BYTEORDER
 * };
 * </pre>
 *
 * <p>{@code rawType} keeps the flag bits; {@link #type()} masks them off. The typed getters check
 * the payload size and name the attribute when it is wrong: pass the kernel name
 * ({@code attr.u32("IFLA_MTU")}) to get {@code IFLA_MTU: expected 4 bytes, got 3}; the
 * no-argument forms say {@code attribute 4} instead.
 */
public record Attr(int rawType, byte[] value) {

    /** The largest payload that fits the 16-bit nla_len next to the 4-byte header. */
    public static final int MAX_VALUE_LENGTH = 0xffff - 4;

    public Attr {
        if (rawType < 0 || rawType > 0xffff) {
            throw new IllegalArgumentException("nla_type must fit 16 bits: " + rawType);
        }
        Objects.requireNonNull(value, "value");
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("attribute " + (rawType & Rtnl.NLA_TYPE_MASK) + ": "
                    + value.length + " bytes do not fit nla_len");
        }
        value = value.clone();
    }

    /** A copy of the payload, without header or padding. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The payload itself, for code in this package that only reads it. */
    byte[] valueNoCopy() {
        return value;
    }

    public int type() {
        return rawType & Rtnl.NLA_TYPE_MASK;
    }

    public int length() {
        return value.length;
    }

    public boolean hasNestedFlag() {
        return (rawType & Rtnl.NLA_F_NESTED) != 0;
    }

    public int u8() {
        return u8(defaultName());
    }

    public int u8(String name) {
        requireLength(name, 1);
        return Byte.toUnsignedInt(value[0]);
    }

    public int u16() {
        return u16(defaultName());
    }

    public int u16(String name) {
        requireLength(name, 2);
        return Short.toUnsignedInt(NlAlign.hostOrder(value).getShort(0));
    }

    /** The 32 bits as an int; use {@link Integer#toUnsignedLong} for values of 2^31 and above. */
    public int u32() {
        return u32(defaultName());
    }

    public int u32(String name) {
        requireLength(name, 4);
        return NlAlign.hostOrder(value).getInt(0);
    }

    public long u64() {
        return u64(defaultName());
    }

    /** The 64 bits as a long; use {@link Long#toUnsignedString} for values of 2^63 and above. */
    public long u64(String name) {
        requireLength(name, 8);
        return NlAlign.hostOrder(value).getLong(0);
    }

    public int s32() {
        return s32(defaultName());
    }

    public int s32(String name) {
        return u32(name);
    }

    public int u16BigEndian() {
        return u16BigEndian(defaultName());
    }

    /** For network-order attributes such as IFLA_VXLAN_PORT. */
    public int u16BigEndian(String name) {
        requireLength(name, 2);
        return Short.toUnsignedInt(NlAlign.networkOrder(value).getShort(0));
    }

    public int u32BigEndian() {
        return u32BigEndian(defaultName());
    }

    public int u32BigEndian(String name) {
        requireLength(name, 4);
        return NlAlign.networkOrder(value).getInt(0);
    }

    public String string() {
        return string(defaultName());
    }

    /**
     * The text up to the first NUL: the kernel NUL-terminates its strings, iproute2 sends some
     * with and some without. Invalid UTF-8 is replaced, never rejected.
     */
    public String string(String name) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    public InetAddress inetAddress() {
        return inetAddress(defaultName());
    }

    /**
     * An IPv4 or IPv6 address from its raw 4 or 16 bytes. A 16-byte IPv4-mapped address stays an
     * {@link Inet6Address}, so it encodes back to 16 bytes.
     */
    public InetAddress inetAddress(String name) {
        try {
            return switch (value.length) {
                case 4 -> Inet4Address.getByAddress(value);
                case 16 -> Inet6Address.getByAddress(null, value, -1);
                default -> throw new NlDecodeException(name + ": expected 4 or 16 bytes, got " + value.length);
            };
        } catch (UnknownHostException impossibleForFourOrSixteenBytes) {
            throw new IllegalStateException(impossibleForFourOrSixteenBytes);
        }
    }

    public Attrs nested() {
        return nested(defaultName());
    }

    /** The payload read as attributes; the kernel does not always set NLA_F_NESTED, so it is not required. */
    public Attrs nested(String name) {
        return Attrs.parse(NlAlign.hostOrder(value), 0, value.length, name);
    }

    private void requireLength(String name, int expected) {
        if (value.length != expected) {
            throw new NlDecodeException(name + ": expected " + expected + (expected == 1 ? " byte" : " bytes")
                    + ", got " + value.length);
        }
    }

    private String defaultName() {
        return "attribute " + type();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attr other && rawType == other.rawType && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * rawType + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String flags = (rawType & Rtnl.NLA_F_NESTED) != 0 ? "|NESTED" : "";
        flags += (rawType & Rtnl.NLA_F_NET_BYTEORDER) != 0 ? "|NET_BYTEORDER" : "";
        return "nlattr{type=" + type() + flags + ", value=" + HexFormat.of().formatHex(value) + "}";
    }
}
