package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * RTM_NEWROUTE, RTM_DELROUTE or RTM_GETROUTE: an rtmsg and RTA_* attributes. Getters return
 * null when the attribute is absent; a default route has no RTA_DST and rtm_dst_len 0.
 */
public record RouteMessage(NlMsgHdr header, RtMsg rtm, Attrs attrs) implements NlMessage {

    public RouteMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(rtm, "rtm");
        Objects.requireNonNull(attrs, "attrs");
    }

    static RouteMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        String type = Rtnl.messageTypeName(header.type());
        NlCodec.requirePayload(type, payloadLength, RtMsg.SIZE, "rtmsg");
        return new RouteMessage(header, RtMsg.read(hostOrder, payload),
                Attrs.parse(hostOrder, payload + RtMsg.SIZE, payloadLength - RtMsg.SIZE, type + " attributes"));
    }

    public InetAddress dst() {
        return address(RTA_DST, "RTA_DST");
    }

    public InetAddress gateway() {
        return address(RTA_GATEWAY, "RTA_GATEWAY");
    }

    public InetAddress prefsrc() {
        return address(RTA_PREFSRC, "RTA_PREFSRC");
    }

    public Integer oif() {
        Attr attr = attrs.get(RTA_OIF);
        return attr == null ? null : attr.u32("RTA_OIF");
    }

    /** The metric ({@code ip route ... metric N}). */
    public Integer priority() {
        Attr attr = attrs.get(RTA_PRIORITY);
        return attr == null ? null : attr.u32("RTA_PRIORITY");
    }

    /** RTA_TABLE when present: rtm_table has only 8 bits and reads RT_TABLE_COMPAT for larger ids. */
    public int table() {
        Attr attr = attrs.get(RTA_TABLE);
        return attr == null ? rtm.table() : attr.u32("RTA_TABLE");
    }

    private InetAddress address(int type, String name) {
        Attr attr = attrs.get(type);
        return attr == null ? null : attr.inetAddress(name);
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.put(rtm);
        w.putAttrs(attrs);
        w.endMessage(start);
    }
}
