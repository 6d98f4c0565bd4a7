package dev.nslab.netlink;

import dev.nslab.netlink.nl.NlCodec;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.Rtnl;
import dev.nslab.sys.Errno;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.Sys;
import dev.nslab.sys.SysException;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One NETLINK_ROUTE socket. It talks to the namespace of the thread that opened it, for its
 * whole life, whichever thread uses it later (docs/kernel-facts.md, "Namespaces and threads").
 * <p>
 * Set up as the kernel facts demand (docs/kernel-facts.md, "Netlink"): a receive buffer near
 * 1 MiB, extended acks on, capped acks (the kernel does not echo each request back), a receive
 * time-out so that a lost reply can never hang a run, and only datagrams from the kernel itself
 * (port 0) accepted.
 * Not thread-safe: one user at a time.
 */
public final class NetlinkSocket implements AutoCloseable {
    /**
     * SO_RCVBUF of request sockets. The system property {@code nslab.netlink.rcvbuf} (bytes)
     * changes it: tests force it small to make the kernel drop acks (ENOBUFS).
     */
    public static final int DEFAULT_RECEIVE_BUFFER = Integer.getInteger("nslab.netlink.rcvbuf", 1 << 20);
    private static final int SEND_BUFFER = 1 << 20;
    private static final int RECEIVE_CHUNK = 1 << 16; // dumps come in skbs of up to 32 KiB
    private static final long REPLY_TIMEOUT_MILLIS = 30_000;
    private static final AtomicInteger SEQ_SEED = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));

    private final int fd;
    private final int portId;
    /**
     * Buffers are per thread, not per socket: a lab holds a socket per namespace, and hundreds
     * of 64 KiB direct buffers would cost more to allocate (and zero) than the requests
     * themselves. Decoding copies what it keeps, so the next receive may reuse the buffer.
     */
    private static final ThreadLocal<ByteBuffer> RX = ThreadLocal.withInitial(() -> Sys.allocateNative(RECEIVE_CHUNK));
    private static final ThreadLocal<ByteBuffer[]> TX = ThreadLocal.withInitial(() -> new ByteBuffer[]{Sys.allocateNative(1 << 16)});
    private int seq = SEQ_SEED.getAndAdd(1 << 20);

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /** A request socket in the calling thread's namespace, with the default receive buffer. */
    public static NetlinkSocket open() {
        return open(0, DEFAULT_RECEIVE_BUFFER);
    }

    /**
     * Opens a socket in the calling thread's namespace.
     *
     * @param groups        multicast groups to join (RTMGRP_* bits), 0 for a request socket
     * @param receiveBuffer SO_RCVBUF in bytes; tests force it tiny to provoke ENOBUFS
     */
    public static NetlinkSocket open(int groups, int receiveBuffer) {
        int fd = Sockets.socket(Sockets.AF_NETLINK, Sockets.SOCK_RAW, Rtnl.NETLINK_ROUTE);
        try {
            setBuffer(fd, Sockets.SO_RCVBUFFORCE, Sockets.SO_RCVBUF, receiveBuffer);
            setBuffer(fd, Sockets.SO_SNDBUFFORCE, Sockets.SO_SNDBUF, SEND_BUFFER);
            Sockets.setsockoptInt(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_EXT_ACK, 1);
            Sockets.setsockoptInt(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_CAP_ACK, 1);
            Sockets.setReceiveTimeout(fd, REPLY_TIMEOUT_MILLIS);
            int port = Sockets.bindNetlink(fd, groups);
            return new NetlinkSocket(fd, port);
        } catch (RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** The FORCE variant ignores rmem_max but needs CAP_NET_ADMIN; fall back without it. */
    private static void setBuffer(int fd, int forceOption, int option, int bytes) {
        try {
            Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, forceOption, bytes);
        } catch (SysException e) {
            Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, option, bytes);
        }
    }

    /** The socket's file descriptor, for waiting on several sockets at once. */
    int fd() {
        return fd;
    }

    /** The port id the kernel assigned; replies to us carry it in nlmsg_pid. */
    public int portId() {
        return portId;
    }

    /** A fresh sequence number for the next request. */
    public int nextSeq() {
        return ++seq;
    }

    /** Sends {@code length} bytes of already-encoded requests in one sendmsg(2). */
    public void send(byte[] data, int offset, int length) {
        ByteBuffer[] holder = TX.get();
        if (holder[0].capacity() < length) {
            holder[0] = Sys.allocateNative(Integer.highestOneBit(length) << 1);
        }
        ByteBuffer tx = holder[0];
        tx.clear();
        tx.put(data, offset, length).flip();
        Sockets.sendNetlink(fd, tx);
    }

    /**
     * Receives one datagram and decodes it. Returns an empty list when {@code dontWait} and
     * nothing is queued. Datagrams not sent by the kernel are dropped (a forged sender).
     *
     * @throws NetlinkOverrunException   when the kernel dropped messages for lack of buffer
     * @throws NetlinkStateUnknownException when nothing came within the reply time-out
     */
    public List<NlMessage> receive(boolean dontWait) {
        ByteBuffer rx = RX.get();
        while (true) {
            Sockets.NetlinkDatagram d;
            try {
                d = Sockets.receiveNetlink(fd, rx, dontWait);
            } catch (SysException e) {
                if (e.is(Errno.ENOBUFS)) {
                    throw new NetlinkOverrunException();
                }
                throw e;
            }
            if (d == null) {
                if (dontWait) {
                    return List.of();
                }
                throw new NetlinkStateUnknownException("no reply from the kernel within "
                        + REPLY_TIMEOUT_MILLIS / 1000 + " s");
            }
            if (d.senderPort() != 0) {
                continue;
            }
            if (d.truncated()) {
                throw new IllegalStateException("netlink datagram larger than " + RECEIVE_CHUNK + " bytes was truncated");
            }
            ByteBuffer view = rx.duplicate().order(rx.order());
            view.position(0).limit(d.length());
            return NlCodec.decode(view);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for a datagram and decodes it; an empty list when
     * none came. For event subscriptions, where silence is normal.
     */
    public List<NlMessage> receive(long timeoutMillis) {
        if (!Fds.pollReadable(fd, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))) {
            return List.of();
        }
        return receive(true);
    }

    @Override
    public void close() {
        Fds.closeQuietly(fd);
    }

    /** The kernel reported ENOBUFS: replies or events were dropped. */
    public static final class NetlinkOverrunException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NetlinkOverrunException() {
            super("ENOBUFS: the kernel dropped netlink replies (receive buffer full); the state is unknown");
        }
    }
}
