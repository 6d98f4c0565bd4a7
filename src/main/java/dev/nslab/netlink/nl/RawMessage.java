package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** Any message type the codec has no record for (RTM_NEWNSID, NLMSG_NOOP ...), kept verbatim. */
public record RawMessage(NlMsgHdr header, byte[] payload) implements NlMessage {

    public RawMessage {
        Objects.requireNonNull(header, "header");
        payload = payload.clone();
    }

    static RawMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        byte[] bytes = new byte[payloadLength];
        hostOrder.get(payload, bytes);
        return new RawMessage(header, bytes);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.putBytes(payload);
        w.endMessage(start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawMessage other && header.equals(other.header) && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RawMessage[header=" + header + ", payload=" + HexFormat.of().formatHex(payload) + "]";
    }
}
