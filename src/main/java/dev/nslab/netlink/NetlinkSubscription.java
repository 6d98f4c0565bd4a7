package dev.nslab.netlink;

import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.Rtnl;

import java.util.List;

/**
 * Link, address and route events of one namespace, as they happen.
 * <p>Equivalent to: {@code ip monitor link address route}
 * <p>
 * A {@link NetlinkSocket.NetlinkOverrunException} from {@link #poll} means events were lost:
 * the subscriber must dump the state again rather than trust what it pieced together.
 */
public final class NetlinkSubscription implements AutoCloseable {
    /** Link, IPv4/IPv6 address and IPv4/IPv6 route changes. */
    public static final int LINKS_ADDRESSES_ROUTES = Rtnl.RTMGRP_LINK | Rtnl.RTMGRP_IPV4_IFADDR
            | Rtnl.RTMGRP_IPV6_IFADDR | Rtnl.RTMGRP_IPV4_ROUTE | Rtnl.RTMGRP_IPV6_ROUTE;

    private final NetlinkSocket socket;

    private NetlinkSubscription(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Subscribes, in the calling thread's namespace, to the given RTMGRP_* groups. */
    public static NetlinkSubscription open(int groups) {
        return new NetlinkSubscription(NetlinkSocket.open(groups, NetlinkSocket.DEFAULT_RECEIVE_BUFFER));
    }

    /** Like {@link #open(int)}, with a receive buffer of {@code receiveBuffer} bytes (tests force it tiny). */
    public static NetlinkSubscription open(int groups, int receiveBuffer) {
        return new NetlinkSubscription(NetlinkSocket.open(groups, receiveBuffer));
    }

    /**
     * Waits up to {@code timeoutMillis} until at least one subscription has events queued;
     * returns those that have (empty on time-out).
     */
    public static List<NetlinkSubscription> awaitAny(List<NetlinkSubscription> subscriptions, int timeoutMillis) {
        int[] fds = subscriptions.stream().mapToInt(s -> s.socket.fd()).toArray();
        if (fds.length == 0) {
            sleep(timeoutMillis);
            return List.of();
        }
        boolean[] ready = dev.nslab.sys.Fds.pollReadable(fds, timeoutMillis);
        java.util.List<NetlinkSubscription> out = new java.util.ArrayList<>();
        for (int i = 0; i < ready.length; i++) {
            if (ready[i]) {
                out.add(subscriptions.get(i));
            }
        }
        return out;
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next events, waiting up to {@code timeoutMillis}; empty when none came. */
    public List<NlMessage> poll(long timeoutMillis) {
        return socket.receive(timeoutMillis);
    }

    @Override
    public void close() {
        socket.close();
    }
}
