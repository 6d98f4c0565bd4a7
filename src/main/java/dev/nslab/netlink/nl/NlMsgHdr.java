package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The header in front of every netlink message.
 *
 * <pre>
 * struct nlmsghdr {
 *     __u32 nlmsg_len;    // length of message including header
 *     __u16 nlmsg_type;   // message content
 *     __u16 nlmsg_flags;  // additional flags
 *     __u32 nlmsg_seq;    // sequence number
 *     __u32 nlmsg_pid;    // sending process port ID
 * };
 * </pre>
 *
 * <p>{@code len}, {@code seq} and {@code pid} are unsigned in C and kept as their 32 bits here.
 * When a message is encoded, {@code len} is recomputed from what was written.
 */
public record NlMsgHdr(int len, int type, int flags, int seq, int pid) {

    public static final int SIZE = 16;

    static NlMsgHdr read(ByteBuffer hostOrder, int at) {
        return new NlMsgHdr(
                hostOrder.getInt(at),
                Short.toUnsignedInt(hostOrder.getShort(at + 4)),
                Short.toUnsignedInt(hostOrder.getShort(at + 6)),
                hostOrder.getInt(at + 8),
                hostOrder.getInt(at + 12));
    }

    void write(ByteBuffer hostOrder) {
        hostOrder.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    @Override
    public String toString() {
        return "nlmsghdr{len=" + Integer.toUnsignedString(len) + ", type=" + Rtnl.messageTypeName(type)
                + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + Integer.toUnsignedString(seq)
                + ", pid=" + Integer.toUnsignedString(pid) + "}";
    }
}
