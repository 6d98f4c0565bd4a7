package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * NLMSG_DONE: the end of a dump. {@code error} is 0, or the negative errno that cut the dump
 * short; {@code extAck} holds NLMSGERR_ATTR_* attributes when NLM_F_ACK_TLVS is set.
 *
 * <pre>
 * int error;   // followed by NLMSGERR_ATTR_* attributes if NLM_F_ACK_TLVS
 * </pre>
 */
public record DoneMessage(NlMsgHdr header, int error, Attrs extAck) implements NlMessage {

    public DoneMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(extAck, "extAck");
    }

    static DoneMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        NlCodec.requirePayload("NLMSG_DONE", payloadLength, 4, "the error code");
        Attrs extAck = Attrs.EMPTY;
        if (header.hasFlag(NLM_F_ACK_TLVS)) {
            extAck = Attrs.parse(hostOrder, payload + 4, payloadLength - 4, "NLMSG_DONE extended ack");
        } else if (payloadLength > 4) {
            throw new NlDecodeException("NLMSG_DONE: " + (payloadLength - 4)
                    + " bytes after the error code, but NLM_F_ACK_TLVS is not set");
        }
        return new DoneMessage(header, hostOrder.getInt(payload), extAck);
    }

    /** Whether the dump was cut short; its results are then incomplete. */
    public boolean isError() {
        return error != 0;
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.putS32(error);
        w.putAttrs(extAck);
        w.endMessage(start);
    }
}
