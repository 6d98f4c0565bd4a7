package dev.nslab.netlink

import dev.nslab.netlink.nl.Attr
import dev.nslab.netlink.nl.Attrs
import dev.nslab.netlink.nl.DoneMessage
import dev.nslab.netlink.nl.ErrorMessage
import dev.nslab.netlink.nl.NlCodec
import dev.nslab.netlink.nl.NlMessage
import dev.nslab.netlink.nl.NlMsgHdr
import dev.nslab.netlink.nl.NlWriter

import java.nio.ByteBuffer
import java.nio.charset.StandardCharsets

import static dev.nslab.netlink.nl.Rtnl.*

/**
 * A {@link Transport} that plays the kernel from a script, so that what {@link Batch} and
 * {@link Netlink} do with the kernel's answers is specified without root or sockets.
 * <p>
 * Each request sent is decoded and handed to {@link #answer}, which returns the datagrams the
 * kernel would queue for it (by default one ack). Like the kernel, it queues at most
 * {@link #receiveBuffer} datagrams: a reply that does not fit is dropped and the next receive
 * fails with ENOBUFS ({@link NetlinkOverrunException}), after which the replies that did fit are
 * still there to read. With nothing queued, a blocking receive times out
 * ({@link NetlinkStateUnknownException}), as the real socket's SO_RCVTIMEO does.
 */
class ScriptedKernel implements Transport {
    static final int PORT = 4242
    private int seq = 1000

    /** Datagrams the queue holds at most (the receive buffer, in datagrams). */
    int receiveBuffer = Integer.MAX_VALUE
    /** Request -> the datagrams it is answered with, each a list of messages; default: an ack. */
    Closure<List<Reply>> answer = { NlMessage request -> [ack(request)] }

    /** Every datagram sent, decoded. */
    final List<List<NlMessage>> sends = []
    /** Blocking receives still to be cut short (null returned), as EINTR cuts recvmsg short. */
    int interruptions = 0
    /** The most requests sent and not yet answered (final reply read or dropped) at any time. */
    int maxInFlight = 0

    private final Deque<Reply> queue = new ArrayDeque<>()
    private final Set<Integer> outstanding = new HashSet<>()
    private boolean overrun

    /** One datagram as the kernel would queue it; {@code sender} 0 is the kernel. */
    static class Reply {
        List<NlMessage> messages
        int sender = 0

        /** The seq this datagram finishes (its ack, error or NLMSG_DONE), or null. */
        Integer finishes() {
            def last = messages ? messages[-1] : null
            (last instanceof ErrorMessage || last instanceof DoneMessage) ? last.header().seq() : null
        }
    }

    // ---- replies ------------------------------------------------------------------------

    Reply ack(NlMessage request) {
        error(request, 0, null)
    }

    /** An NLMSG_ERROR for {@code request}: capped, with the kernel's text and the offset of the attribute it rejects. */
    Reply error(NlMessage request, int errno, String text, Integer offset = null) {
        List<Attr> tlvs = []
        if (text != null) {
            tlvs << new Attr(NLMSGERR_ATTR_MSG, (text + '\0').getBytes(StandardCharsets.UTF_8))
        }
        if (offset != null) {
            tlvs << new Attr(NLMSGERR_ATTR_OFFS, u32(offset))
        }
        int flags = NLM_F_CAPPED | (tlvs ? NLM_F_ACK_TLVS : 0)
        def h = request.header()
        new Reply(messages: [new ErrorMessage(new NlMsgHdr(0, NLMSG_ERROR, flags, h.seq(), PORT), -errno,
                h, new byte[0], Attrs.of(tlvs))])
    }

    /** One datagram of a dump: {@code parts} stamped with the request's seq, NLM_F_MULTI and {@code flags}, then NLMSG_DONE. */
    Reply dump(NlMessage request, List<NlMessage> parts, int flags = 0, int doneError = 0) {
        int s = request.header().seq()
        def stamped = parts.collect { restamp(it, NLM_F_MULTI | flags, s) }
        stamped << new DoneMessage(new NlMsgHdr(0, NLMSG_DONE, NLM_F_MULTI | flags, s, PORT), doneError, Attrs.EMPTY)
        new Reply(messages: stamped)
    }

    /** Queues a datagram before anything else, as if it had arrived first. */
    void strayFirst(Reply stray) {
        queue.addFirst(stray)
    }

    // ---- Transport ----------------------------------------------------------------------

    @Override
    int portId() {
        PORT
    }

    @Override
    int nextSeq() {
        ++seq
    }

    @Override
    void send(byte[] data, int offset, int length) {
        List<NlMessage> requests = NlCodec.decode(ByteBuffer.wrap(data, offset, length))
        sends << requests
        requests.each { outstanding << it.header().seq() }
        maxInFlight = Math.max(maxInFlight, outstanding.size())
        requests.each { request ->
            answer(request).each { Reply r ->
                if (queue.size() >= receiveBuffer) {
                    overrun = true
                    dropped(r)
                } else {
                    queue.addLast(r)
                }
            }
        }
    }

    @Override
    Transport.Datagram receive(boolean dontWait) {
        if (!dontWait && interruptions > 0) {
            interruptions--
            return null
        }
        if (overrun) {
            overrun = false
            throw new NetlinkOverrunException()
        }
        if (queue.isEmpty()) {
            if (dontWait) {
                return null
            }
            throw new NetlinkStateUnknownException('scripted kernel: no reply within the time-out')
        }
        Reply r = queue.removeFirst()
        dropped(r)
        NlWriter w = new NlWriter()
        r.messages.each { it.encodeTo(w) }
        new Transport.Datagram(r.sender, ByteBuffer.wrap(w.toByteArray()))
    }

    @Override
    void close() {
    }

    /** The requests sent, all datagrams together. */
    List<NlMessage> requests() {
        sends.flatten() as List<NlMessage>
    }

    private void dropped(Reply r) {
        if (r.sender == 0 && r.finishes() != null) {
            outstanding.remove(r.finishes())
        }
    }

    private NlMessage restamp(NlMessage m, int flags, int s) {
        def h = m.header()
        def header = new NlMsgHdr(0, h.type(), flags, s, PORT)
        switch (m) {
            case dev.nslab.netlink.nl.LinkMessage: return new dev.nslab.netlink.nl.LinkMessage(header, m.ifi(), m.attrs())
            case dev.nslab.netlink.nl.AddrMessage: return new dev.nslab.netlink.nl.AddrMessage(header, m.ifa(), m.attrs())
            case dev.nslab.netlink.nl.RouteMessage: return new dev.nslab.netlink.nl.RouteMessage(header, m.rtm(), m.attrs())
            default: throw new IllegalArgumentException("cannot restamp $m")
        }
    }

    private static byte[] u32(int v) {
        ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array()
    }
}
