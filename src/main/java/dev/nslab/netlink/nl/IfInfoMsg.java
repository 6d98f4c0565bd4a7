package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The fixed part of RTM_*LINK messages, and of the peer inside VETH_INFO_PEER.
 *
 * <pre>
 * struct ifinfomsg {
 *     unsigned char  ifi_family;
 *     unsigned char  __ifi_pad;
 *     unsigned short ifi_type;    // ARPHRD_*
 *     int            ifi_index;   // link index
 *     unsigned       ifi_flags;   // IFF_* flags
 *     unsigned       ifi_change;  // IFF_* change mask
 * };
 * </pre>
 *
 * <p>A request changes only the flags set in {@code change}: {@code ip link set X up} sends
 * flags=change=IFF_UP.
 */
public record IfInfoMsg(int family, int type, int index, int flags, int change) {

    public static final int SIZE = 16;

    /** The ifinfomsg of a request that names the link by index and changes no flags. */
    public static IfInfoMsg ofIndex(int index) {
        return new IfInfoMsg(Rtnl.AF_UNSPEC, 0, index, 0, 0);
    }

    static IfInfoMsg read(ByteBuffer hostOrder, int at) {
        return new IfInfoMsg(
                Byte.toUnsignedInt(hostOrder.get(at)),
                Short.toUnsignedInt(hostOrder.getShort(at + 2)),
                hostOrder.getInt(at + 4),
                hostOrder.getInt(at + 8),
                hostOrder.getInt(at + 12));
    }

    void write(ByteBuffer hostOrder) {
        hostOrder.put((byte) family).put((byte) 0).putShort((short) type)
                .putInt(index).putInt(flags).putInt(change);
    }
}
