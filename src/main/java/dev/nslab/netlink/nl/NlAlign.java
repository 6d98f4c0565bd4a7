package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one place that knows netlink's alignment and byte order.
 *
 * <p>Netlink headers, structs and integer attributes are in the host's byte order, because the
 * kernel copies them from its own structs; only a few attributes (IFLA_VXLAN_PORT, anything
 * flagged NLA_F_NET_BYTEORDER) carry network order. Messages and attributes start on 4-byte
 * boundaries (NLMSG_ALIGNTO, NLA_ALIGNTO).
 */
public final class NlAlign {

    /** NLMSG_ALIGNTO and NLA_ALIGNTO, which the kernel keeps equal. */
    public static final int ALIGNTO = 4;

    private NlAlign() {
    }

    /** NLMSG_ALIGN / NLA_ALIGN: rounds a length up to the next 4-byte boundary. */
    public static int align4(int length) {
        return (length + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }

    /** A view of {@code buf} in host order; the caller's position, limit and order are left alone. */
    public static ByteBuffer hostOrder(ByteBuffer buf) {
        return buf.duplicate().order(ByteOrder.nativeOrder());
    }

    public static ByteBuffer hostOrder(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    public static ByteBuffer networkOrder(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    }
}
