package dev.nslab.netlink;

import dev.nslab.sys.Errno;

/**
 * The kernel refused a request. Says which request (as the {@code ip} command it equals),
 * the errno by name, and the kernel's own extended-ack text when it sent one.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String request;
    private final int errno;
    private final String kernelMessage;

    public NetlinkException(String request, int errno, String kernelMessage) {
        super(describe(request, errno, kernelMessage));
        this.request = request;
        this.errno = Math.abs(errno);
        this.kernelMessage = kernelMessage;
    }

    static String describe(String request, int errno, String kernelMessage) {
        return "'" + request + "' failed: " + Errno.name(errno) + " (" + Errno.describe(errno) + ")"
                + (kernelMessage == null || kernelMessage.isEmpty() ? "" : ": kernel says \"" + kernelMessage + "\"");
    }

    /** The request, as the equivalent {@code ip} command. */
    public String request() {
        return request;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    /** NLMSGERR_ATTR_MSG, or null when the kernel gave none. */
    public String kernelMessage() {
        return kernelMessage;
    }

    public boolean is(Errno e) {
        return errno == e.number;
    }
}
