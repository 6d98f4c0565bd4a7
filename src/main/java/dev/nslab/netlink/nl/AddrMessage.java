package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * RTM_NEWADDR, RTM_DELADDR or RTM_GETADDR: an ifaddrmsg and IFA_* attributes. Getters return
 * null when the attribute is absent.
 */
public record AddrMessage(NlMsgHdr header, IfAddrMsg ifa, Attrs attrs) implements NlMessage {

    public AddrMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(ifa, "ifa");
        Objects.requireNonNull(attrs, "attrs");
    }

    static AddrMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        String type = Rtnl.messageTypeName(header.type());
        NlCodec.requirePayload(type, payloadLength, IfAddrMsg.SIZE, "ifaddrmsg");
        return new AddrMessage(header, IfAddrMsg.read(hostOrder, payload),
                Attrs.parse(hostOrder, payload + IfAddrMsg.SIZE, payloadLength - IfAddrMsg.SIZE, type + " attributes"));
    }

    /** The interface's own address. IPv6 sends only IFA_ADDRESS, so fall back to {@link #address()}. */
    public InetAddress local() {
        return Ifa.LOCAL.get(attrs);
    }

    /** The prefix address; on point-to-point links the peer's address. */
    public InetAddress address() {
        return Ifa.ADDRESS.get(attrs);
    }

    public String label() {
        return Ifa.LABEL.get(attrs);
    }

    /** All IFA_F_* flags: IFA_FLAGS when present (it supersedes ifa_flags, which holds only 8 bits). */
    public int flags() {
        Integer all = Ifa.FLAGS.get(attrs);
        return all == null ? ifa.flags() : all;
    }

    /** IPv6 duplicate address detection is still running; binding to the address fails meanwhile. */
    public boolean isTentative() {
        return (flags() & IFA_F_TENTATIVE) != 0;
    }

    public boolean isDadFailed() {
        return (flags() & IFA_F_DADFAILED) != 0;
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.put(ifa);
        w.putAttrs(attrs);
        w.endMessage(start);
    }
}
