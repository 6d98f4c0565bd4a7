package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * RTM_NEWQDISC, RTM_DELQDISC, RTM_GETQDISC or the RTM_*TCLASS three: a tcmsg and TCA_*
 * attributes. {@link #options()} reads TCA_OPTIONS by the message's TCA_KIND.
 */
public record TcMessage(NlMsgHdr header, TcMsg tcm, Attrs attrs) implements NlMessage {

    public TcMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(tcm, "tcm");
        Objects.requireNonNull(attrs, "attrs");
    }

    static TcMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        String type = Rtnl.messageTypeName(header.type());
        NlCodec.requirePayload(type, payloadLength, TcMsg.SIZE, "tcmsg");
        return new TcMessage(header, TcMsg.read(hostOrder, payload),
                Attrs.parse(hostOrder, payload + TcMsg.SIZE, payloadLength - TcMsg.SIZE, type + " attributes"));
    }

    /** A class (RTM_*TCLASS), as opposed to a qdisc. */
    public boolean isClass() {
        int t = header.type();
        return t == RTM_NEWTCLASS || t == RTM_DELTCLASS || t == RTM_GETTCLASS;
    }

    /** TCA_KIND: "tbf", "netem", "htb", "noqueue" ...; null when absent (a delete by handle). */
    public String kind() {
        return Tca.KIND.get(attrs);
    }

    /** TCA_OPTIONS read by kind; null when absent. Throws NlDecodeException naming what is malformed. */
    public TcOptions options() {
        Attr options = attrs.get(Tc.TCA_OPTIONS);
        return options == null ? null : TcOptions.read(kind(), options, isClass());
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.put(tcm);
        w.putAttrs(attrs);
        w.endMessage(start);
    }
}
