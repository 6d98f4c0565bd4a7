package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.Rtnl.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * NLMSG_ERROR: the kernel's answer to a request, an ack when {@code error} is 0.
 *
 * <pre>
 * struct nlmsgerr {
 *     int             error;  // negative errno or 0 for acks
 *     struct nlmsghdr msg;    // message header that caused the error
 *     // followed by the request's payload, unless NLM_F_CAPPED is set,
 *     // then by NLMSGERR_ATTR_* attributes if NLM_F_ACK_TLVS is set
 * };
 * </pre>
 *
 * <p>{@code error} is kept negative as the kernel sends it; {@code request} is the echoed header
 * (its nlmsg_len is the original request's, even when capped); {@code requestPayload} is empty
 * when capped. The kernel always caps acks, and caps errors only with NETLINK_CAP_ACK.
 */
public record ErrorMessage(NlMsgHdr header, int error, NlMsgHdr request, byte[] requestPayload, Attrs extAck)
        implements NlMessage {

    private static final int NLMSGERR_SIZE = 4 + NlMsgHdr.SIZE;

    /** The kernel's explanation, e.g. "ipv4: Address already assigned". */
    public static final Nla<String> ATTR_MSG = Nla.of(NLMSGERR_ATTR_MSG, "NLMSGERR_ATTR_MSG", NlaCodec.STRING);
    /** The byte offset, within the request, of the attribute the kernel rejected. */
    public static final Nla<Integer> ATTR_OFFS = Nla.of(NLMSGERR_ATTR_OFFS, "NLMSGERR_ATTR_OFFS", NlaCodec.U32);
    /** The type of a required attribute the request lacked. */
    public static final Nla<Integer> ATTR_MISS_TYPE = Nla.of(NLMSGERR_ATTR_MISS_TYPE, "NLMSGERR_ATTR_MISS_TYPE", NlaCodec.U32);
    /** The offset of the nest that lacked it; absent when the message's top level lacked it. */
    public static final Nla<Integer> ATTR_MISS_NEST = Nla.of(NLMSGERR_ATTR_MISS_NEST, "NLMSGERR_ATTR_MISS_NEST", NlaCodec.U32);

    public ErrorMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(request, "request");
        requestPayload = requestPayload.clone();
        Objects.requireNonNull(extAck, "extAck");
    }

    static ErrorMessage decode(NlMsgHdr header, ByteBuffer hostOrder, int payload, int payloadLength) {
        NlCodec.requirePayload("NLMSG_ERROR", payloadLength, NLMSGERR_SIZE, "nlmsgerr");
        int error = hostOrder.getInt(payload);
        NlMsgHdr request = NlMsgHdr.read(hostOrder, payload + 4);
        int echoed = payload + NLMSGERR_SIZE;
        int end = payload + payloadLength;
        byte[] requestPayload = new byte[0];
        int tlvs = echoed;
        if (!header.hasFlag(NLM_F_CAPPED)) {
            long requestLength = Integer.toUnsignedLong(request.len());
            if (requestLength < NlMsgHdr.SIZE) {
                throw new NlDecodeException("NLMSG_ERROR: nlmsgerr.msg.nlmsg_len: " + requestLength
                        + " is shorter than the header (" + NlMsgHdr.SIZE + ")");
            }
            if (requestLength - NlMsgHdr.SIZE > end - echoed) {
                throw new NlDecodeException("NLMSG_ERROR: nlmsgerr.msg.nlmsg_len: " + requestLength
                        + " runs past the end (" + (end - echoed) + " bytes of the request echoed)");
            }
            requestPayload = new byte[(int) requestLength - NlMsgHdr.SIZE];
            hostOrder.get(echoed, requestPayload);
            tlvs = Math.min(end, echoed + NlAlign.align4(requestPayload.length));
        }
        Attrs extAck = Attrs.EMPTY;
        if (header.hasFlag(NLM_F_ACK_TLVS)) {
            extAck = Attrs.parse(hostOrder, tlvs, end - tlvs, "NLMSG_ERROR extended ack");
        } else if (tlvs < end) {
            throw new NlDecodeException("NLMSG_ERROR: " + (end - tlvs)
                    + " bytes after the echoed request, but NLM_F_ACK_TLVS is not set");
        }
        return new ErrorMessage(header, error, request, requestPayload, extAck);
    }

    @Override
    public byte[] requestPayload() {
        return requestPayload.clone();
    }

    public boolean isAck() {
        return error == 0;
    }

    /** The positive errno, e.g. 17 for EEXIST; 0 for an ack. */
    public int errno() {
        return -error;
    }

    /** NLMSGERR_ATTR_MSG, the kernel's explanation, e.g. "ipv4: Address already assigned"; or null. */
    public String extAckMessage() {
        return ATTR_MSG.get(extAck);
    }

    /** NLMSGERR_ATTR_OFFS: the byte offset, within the request, of the attribute that was rejected; or null. */
    public Integer extAckOffset() {
        return ATTR_OFFS.get(extAck);
    }

    /** NLMSGERR_ATTR_MISS_TYPE: the type of a required attribute the request lacked; or null. */
    public Integer extAckMissingType() {
        return ATTR_MISS_TYPE.get(extAck);
    }

    /** NLMSGERR_ATTR_MISS_NEST: the offset, within the request, of the nest that lacked it; or null. */
    public Integer extAckMissingNest() {
        return ATTR_MISS_NEST.get(extAck);
    }

    @Override
    public void encodeTo(NlWriter w) {
        int start = w.beginMessage(header.type(), header.flags(), header.seq(), header.pid());
        w.putS32(error);
        w.put(request);
        w.putBytes(requestPayload);
        w.putAttrs(extAck);
        w.endMessage(start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorMessage other && header.equals(other.header) && error == other.error
                && request.equals(other.request) && Arrays.equals(requestPayload, other.requestPayload)
                && extAck.equals(other.extAck);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, error, request, Arrays.hashCode(requestPayload), extAck);
    }

    @Override
    public String toString() {
        return "ErrorMessage[header=" + header + ", error=" + error + ", request=" + request
                + ", requestPayload=" + HexFormat.of().formatHex(requestPayload) + ", extAck=" + extAck + "]";
    }
}
