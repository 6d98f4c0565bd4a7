package dev.nslab.netlink.nl;

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
        return Rta.DST.get(attrs);
    }

    public InetAddress gateway() {
        return Rta.GATEWAY.get(attrs);
    }

    public InetAddress prefsrc() {
        return Rta.PREFSRC.get(attrs);
    }

    public Integer oif() {
        return Rta.OIF.get(attrs);
    }

    /** The metric ({@code ip route ... metric N}). */
    public Integer priority() {
        return Rta.PRIORITY.get(attrs);
    }

    /** RTA_TABLE when present: rtm_table has only 8 bits and reads RT_TABLE_COMPAT for larger ids. */
    public int table() {
        Integer table = Rta.TABLE.get(attrs);
        return table == null ? rtm.table() : table;
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.put(rtm);
        w.putAttrs(attrs);
        w.endMessage(start);
    }
}
