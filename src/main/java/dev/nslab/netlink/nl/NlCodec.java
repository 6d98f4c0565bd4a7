package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns datagrams into {@link NlMessage}s and back. Pure: no sockets, no state.
 *
 * <p>Decoding checks every length against the bytes that are there and throws only
 * {@link NlDecodeException}, whatever the input. Attribute payloads are checked lazily, by the
 * typed getters, so one odd attribute does not make a whole dump unreadable.
 */
public final class NlCodec {

    private NlCodec() {
    }

    /**
     * All messages from the buffer's position to its limit, as one {@code recvmsg} returns them.
     * The buffer's position is not moved.
     */
    public static List<NlMessage> decode(ByteBuffer buf) {
        ByteBuffer hostOrder = NlAlign.hostOrder(buf);
        List<NlMessage> messages = new ArrayList<>();
        int at = hostOrder.position();
        int end = hostOrder.limit();
        while (at < end) {
            NlMessage message = decodeAt(hostOrder, at, end - at);
            messages.add(message);
            // A last message may end unpadded; long arithmetic keeps a huge nlmsg_len from wrapping.
            at = (int) Math.min(end, at + ((Integer.toUnsignedLong(message.header().len()) + 3) & ~3L));
        }
        return messages;
    }

    /** The message at {@code offset}, which may use up to {@code length} bytes; bytes after its nlmsg_len are ignored. */
    public static NlMessage decodeOne(ByteBuffer buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.limit());
        return decodeAt(NlAlign.hostOrder(buf), offset, length);
    }

    public static byte[] encode(NlMessage message) {
        NlWriter w = new NlWriter();
        message.encodeTo(w);
        return w.toByteArray();
    }

    private static NlMessage decodeAt(ByteBuffer hostOrder, int at, int available) {
        if (available < NlMsgHdr.SIZE) {
            throw new NlDecodeException("nlmsghdr: " + available + " bytes left, shorter than the header ("
                    + NlMsgHdr.SIZE + ")");
        }
        NlMsgHdr header = NlMsgHdr.read(hostOrder, at);
        long length = Integer.toUnsignedLong(header.len());
        if (length < NlMsgHdr.SIZE) {
            throw new NlDecodeException("nlmsghdr.nlmsg_len: " + length + " is shorter than the header ("
                    + NlMsgHdr.SIZE + ")");
        }
        if (length > available) {
            throw new NlDecodeException("nlmsghdr.nlmsg_len: " + length + " runs past the end of the buffer ("
                    + available + " bytes left)");
        }
        int payload = at + NlMsgHdr.SIZE;
        int payloadLength = (int) length - NlMsgHdr.SIZE;
        return switch (header.type()) {
            case RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK ->
                    LinkMessage.decode(header, hostOrder, payload, payloadLength);
            case RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR -> AddrMessage.decode(header, hostOrder, payload, payloadLength);
            case RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE ->
                    RouteMessage.decode(header, hostOrder, payload, payloadLength);
            case RTM_NEWQDISC, RTM_DELQDISC, RTM_GETQDISC, RTM_NEWTCLASS, RTM_DELTCLASS, RTM_GETTCLASS ->
                    TcMessage.decode(header, hostOrder, payload, payloadLength);
            case NLMSG_ERROR -> ErrorMessage.decode(header, hostOrder, payload, payloadLength);
            case NLMSG_DONE -> DoneMessage.decode(header, hostOrder, payload, payloadLength);
            default -> RawMessage.decode(header, hostOrder, payload, payloadLength);
        };
    }

    static void requirePayload(String messageType, int payloadLength, int needed, String what) {
        if (payloadLength < needed) {
            throw new NlDecodeException(messageType + ": payload of " + payloadLength + " bytes is shorter than "
                    + what + " (" + needed + ")");
        }
    }
}
