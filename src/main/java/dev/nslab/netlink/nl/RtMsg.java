package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The fixed part of RTM_*ROUTE messages.
 *
 * <pre>
 * struct rtmsg {
 *     unsigned char rtm_family;
 *     unsigned char rtm_dst_len;
 *     unsigned char rtm_src_len;
 *     unsigned char rtm_tos;
 *     unsigned char rtm_table;     // routing table id; RTA_TABLE holds ids above 255
 *     unsigned char rtm_protocol;  // RTPROT_*
 *     unsigned char rtm_scope;     // RT_SCOPE_*
 *     unsigned char rtm_type;      // RTN_*
 *     unsigned      rtm_flags;     // RTM_F_*
 * };
 * </pre>
 */
public record RtMsg(int family, int dstLen, int srcLen, int tos, int table, int protocol, int scope, int type,
                    int flags) {

    public static final int SIZE = 12;

    static RtMsg read(ByteBuffer hostOrder, int at) {
        return new RtMsg(
                Byte.toUnsignedInt(hostOrder.get(at)),
                Byte.toUnsignedInt(hostOrder.get(at + 1)),
                Byte.toUnsignedInt(hostOrder.get(at + 2)),
                Byte.toUnsignedInt(hostOrder.get(at + 3)),
                Byte.toUnsignedInt(hostOrder.get(at + 4)),
                Byte.toUnsignedInt(hostOrder.get(at + 5)),
                Byte.toUnsignedInt(hostOrder.get(at + 6)),
                Byte.toUnsignedInt(hostOrder.get(at + 7)),
                hostOrder.getInt(at + 8));
    }

    void write(ByteBuffer hostOrder) {
        hostOrder.put((byte) family).put((byte) dstLen).put((byte) srcLen).put((byte) tos)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(flags);
    }
}
