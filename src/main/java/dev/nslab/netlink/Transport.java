package dev.nslab.netlink;

import dev.nslab.netlink.nl.NlCodec;
import dev.nslab.netlink.nl.NlMessage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What {@link Batch} and {@link Netlink} talk through: a window of encoded requests goes out in
 * one datagram, replies come back a datagram at a time with their sender's port. A
 * {@link NetlinkSocket} in production; in specs, a scripted kernel, so that windowing, lost acks,
 * interrupted dumps and stray replies are specified without root.
 * <p>
 * A transport believes nothing: which replies count (from the kernel, to this port, with a seq
 * that was sent) is decided above it, by {@link #receiveMessages} and the callers.
 */
public interface Transport extends AutoCloseable {

    /** The port id replies to this transport carry in nlmsg_pid. */
    int portId();

    /** A fresh sequence number for the next request. */
    int nextSeq();

    /** Sends {@code length} bytes of encoded requests, all in one datagram (one sendmsg(2)). */
    void send(byte[] data, int offset, int length);

    /**
     * The next datagram. Null when nothing came: at once with {@code dontWait}; otherwise when
     * the wait was cut short before the reply time-out (as EINTR cuts a recvmsg short), and the
     * caller just asks again.
     *
     * @throws NetlinkOverrunException      when the kernel dropped replies for lack of buffer (ENOBUFS)
     * @throws NetlinkStateUnknownException when nothing came within the reply time-out
     */
    Datagram receive(boolean dontWait);

    @Override
    void close();

    /**
     * The messages of the next datagram that the kernel sent (port 0); a datagram from any other
     * sender is dropped, since only the kernel may answer a request. Empty when {@link #receive}
     * gave nothing.
     */
    default List<NlMessage> receiveMessages(boolean dontWait) {
        while (true) {
            Datagram d = receive(dontWait);
            if (d == null) {
                return List.of();
            }
            if (d.senderPort() == 0) {
                return NlCodec.decode(d.bytes());
            }
        }
    }

    /**
     * One datagram as it arrived.
     *
     * @param senderPort nl_pid of the sender's address: 0 for the kernel
     * @param bytes      the datagram, position to limit; valid until the next receive on this thread
     */
    record Datagram(int senderPort, ByteBuffer bytes) {
    }
}
