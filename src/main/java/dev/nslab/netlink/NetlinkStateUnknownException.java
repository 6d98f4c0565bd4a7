package dev.nslab.netlink;

/**
 * The kernel dropped replies (ENOBUFS) or never answered, so what some requests did is not
 * known. This is neither success nor failure: dump the state again and reconcile.
 */
public class NetlinkStateUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetlinkStateUnknownException(String message) {
        super(message);
    }
}
