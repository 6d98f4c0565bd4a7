package dev.nslab.netlink;

/**
 * The kernel reported ENOBUFS: replies or events were dropped because the receive buffer was
 * full. What the lost ones said is unknown; dump the state again rather than guess.
 */
public final class NetlinkOverrunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetlinkOverrunException() {
        super("ENOBUFS: the kernel dropped netlink replies (receive buffer full); the state is unknown");
    }
}
