package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The fixed part of RTM_*ADDR messages.
 *
 * <pre>
 * struct ifaddrmsg {
 *     __u8  ifa_family;
 *     __u8  ifa_prefixlen;  // the prefix length
 *     __u8  ifa_flags;      // IFA_F_* flags (the low 8; IFA_FLAGS carries all 32)
 *     __u8  ifa_scope;      // address scope
 *     __u32 ifa_index;      // link index
 * };
 * </pre>
 */
public record IfAddrMsg(int family, int prefixLen, int flags, int scope, int index) {

    public static final int SIZE = 8;

    static IfAddrMsg read(ByteBuffer hostOrder, int at) {
        return new IfAddrMsg(
                Byte.toUnsignedInt(hostOrder.get(at)),
                Byte.toUnsignedInt(hostOrder.get(at + 1)),
                Byte.toUnsignedInt(hostOrder.get(at + 2)),
                Byte.toUnsignedInt(hostOrder.get(at + 3)),
                hostOrder.getInt(at + 4));
    }

    void write(ByteBuffer hostOrder) {
        hostOrder.put((byte) family).put((byte) prefixLen).put((byte) flags).put((byte) scope).putInt(index);
    }
}
