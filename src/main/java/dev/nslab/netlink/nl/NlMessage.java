package dev.nslab.netlink.nl;

/**
 * One netlink message. {@link NlCodec} decodes bytes into these and encodes them back; the
 * header's nlmsg_len is recomputed on encoding, everything else is written as held.
 */
public sealed interface NlMessage permits LinkMessage, AddrMessage, RouteMessage, TcMessage, ErrorMessage, DoneMessage, RawMessage {

    NlMsgHdr header();

    void encodeTo(NlWriter w);
}
