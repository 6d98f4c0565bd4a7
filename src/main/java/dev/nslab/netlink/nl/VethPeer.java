package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The peer half of a veth request: the payload of VETH_INFO_PEER, laid out like the body of an
 * RTM_NEWLINK message.
 *
 * <pre>
 * [VETH_INFO_PEER] = { struct ifinfomsg; IFLA_IFNAME, IFLA_NET_NS_FD, ... }
 * </pre>
 */
public record VethPeer(IfInfoMsg ifi, Attrs attrs) implements LinkView {

    public VethPeer {
        Objects.requireNonNull(ifi, "ifi");
        Objects.requireNonNull(attrs, "attrs");
    }

    static VethPeer decode(byte[] payload) {
        if (payload.length < IfInfoMsg.SIZE) {
            throw new NlDecodeException("VETH_INFO_PEER: payload of " + payload.length
                    + " bytes is shorter than ifinfomsg (" + IfInfoMsg.SIZE + ")");
        }
        ByteBuffer hostOrder = NlAlign.hostOrder(payload);
        return new VethPeer(IfInfoMsg.read(hostOrder, 0),
                Attrs.parse(hostOrder, IfInfoMsg.SIZE, payload.length - IfInfoMsg.SIZE, "VETH_INFO_PEER"));
    }

    /** Writes the payload of VETH_INFO_PEER; the caller opens and closes the nest. */
    public void encodeTo(NlWriter w) {
        w.put(ifi);
        w.putAttrs(attrs);
    }
}
