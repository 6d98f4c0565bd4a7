package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.nio.ByteBuffer;

/**
 * Names the attribute of a request that the kernel's extended ack points at: by byte offset
 * (NLMSGERR_ATTR_OFFS), or by the type of one it missed (NLMSGERR_ATTR_MISS_TYPE), through the
 * same descriptors the request was written with ({@link AttrSpace}).
 */
public final class AttrPath {

    private AttrPath() {
    }

    /**
     * The attribute at byte {@code offset} of {@code request} (one encoded message, position to
     * limit), e.g. {@code IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VXLAN_ID}; null when the offset is
     * not at an attribute of a message type nslab knows.
     */
    public static String at(ByteBuffer request, int offset) {
        ByteBuffer m = NlAlign.hostOrder(request.slice());
        Layout layout = layoutOf(m);
        if (layout == null || offset < layout.attrsFrom() || offset >= m.limit()) {
            return null;
        }
        return layout.space().pathAt(m, layout.attrsFrom(), end(m), offset);
    }

    /**
     * The attribute of type {@code type} that {@code request} lacks: at its top level, or inside
     * the nest at byte {@code nestOffset} (NLMSGERR_ATTR_MISS_NEST) when not null.
     */
    public static String missing(ByteBuffer request, int type, Integer nestOffset) {
        ByteBuffer m = NlAlign.hostOrder(request.slice());
        Layout layout = layoutOf(m);
        if (layout == null) {
            return "attribute " + type;
        }
        if (nestOffset == null) {
            return layout.space().nameOf(type);
        }
        String nest = at(request, nestOffset);
        return "attribute " + type + " of " + (nest == null ? "the nest at byte " + nestOffset : nest);
    }

    private record Layout(int attrsFrom, AttrSpace space) {
    }

    private static Layout layoutOf(ByteBuffer m) {
        if (m.limit() < NlMsgHdr.SIZE) {
            return null;
        }
        int type = Short.toUnsignedInt(m.getShort(4));
        return switch (type) {
            case RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK -> new Layout(NlMsgHdr.SIZE + IfInfoMsg.SIZE, Ifla.SPACE);
            case RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR -> new Layout(NlMsgHdr.SIZE + IfAddrMsg.SIZE, Ifa.SPACE);
            case RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE -> new Layout(NlMsgHdr.SIZE + RtMsg.SIZE, Rta.SPACE);
            case RTM_NEWNSID, RTM_GETNSID -> new Layout(NlMsgHdr.SIZE + Netnsa.HEADER, Netnsa.SPACE);
            case RTM_NEWQDISC, RTM_DELQDISC, RTM_GETQDISC, RTM_NEWTCLASS, RTM_DELTCLASS, RTM_GETTCLASS ->
                    new Layout(NlMsgHdr.SIZE + TcMsg.SIZE, Tca.SPACE);
            default -> null;
        };
    }

    /** Where the message's attributes end: its nlmsg_len, bounded by the bytes there are. */
    private static int end(ByteBuffer m) {
        long len = Integer.toUnsignedLong(m.getInt(0));
        return (int) Math.min(len, m.limit());
    }
}
