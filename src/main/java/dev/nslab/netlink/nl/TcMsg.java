package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The fixed part of RTM_*QDISC and RTM_*TCLASS messages.
 *
 * <pre>
 * struct tcmsg {
 *     unsigned char  tcm_family;
 *     unsigned char  tcm__pad1;
 *     unsigned short tcm__pad2;
 *     int            tcm_ifindex;
 *     __u32          tcm_handle;  // this qdisc's or class's major:minor
 *     __u32          tcm_parent;  // TC_H_ROOT, or the class it hangs from
 *     __u32          tcm_info;    // in dumps: the qdisc's reference count
 * };
 * </pre>
 */
public record TcMsg(int family, int ifindex, int handle, int parent, int info) {

    public static final int SIZE = 20;

    static TcMsg read(ByteBuffer hostOrder, int at) {
        return new TcMsg(Byte.toUnsignedInt(hostOrder.get(at)), hostOrder.getInt(at + 4), hostOrder.getInt(at + 8),
                hostOrder.getInt(at + 12), hostOrder.getInt(at + 16));
    }

    void write(ByteBuffer hostOrder) {
        hostOrder.put((byte) family).put((byte) 0).putShort((short) 0)
                .putInt(ifindex).putInt(handle).putInt(parent).putInt(info);
    }
}
