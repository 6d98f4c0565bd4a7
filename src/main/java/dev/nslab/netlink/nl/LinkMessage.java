package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK or RTM_SETLINK: an ifinfomsg and IFLA_* attributes.
 * The typed getters come from {@link LinkView}.
 */
public record LinkMessage(NlMsgHdr header, IfInfoMsg ifi, Attrs attrs) implements NlMessage, LinkView {

    public LinkMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(ifi, "ifi");
        Objects.requireNonNull(attrs, "attrs");
    }

    static LinkMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        String type = Rtnl.messageTypeName(header.type());
        NlCodec.requirePayload(type, payloadLength, IfInfoMsg.SIZE, "ifinfomsg");
        return new LinkMessage(header, IfInfoMsg.read(hostOrder, payload),
                Attrs.parse(hostOrder, payload + IfInfoMsg.SIZE, payloadLength - IfInfoMsg.SIZE, type + " attributes"));
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.put(ifi);
        w.putAttrs(attrs);
        w.endMessage(start);
    }
}
