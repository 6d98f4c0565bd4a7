package dev.nslab.netlink;

import dev.nslab.sys.Errno;

/**
 * The kernel refused a request. Says which request (as the {@code ip} command it equals),
 * the errno by name, the kernel's own extended-ack text when it sent one, and the attribute it
 * pointed at: {@code 'link set veth1 mtu 70000' failed: EINVAL (Invalid argument): kernel says
 * "..." (at IFLA_MTU)}.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String request;
    private final int errno;
    private final String kernelMessage;
    private final String attribute;

    public NetlinkException(String request, int errno, String kernelMessage) {
        this(request, errno, kernelMessage, null);
    }

    /** {@code attribute}: the request's attribute the kernel pointed at, by its path, or null. */
    public NetlinkException(String request, int errno, String kernelMessage, String attribute) {
        super(describe(request, errno, kernelMessage, attribute));
        this.request = request;
        this.errno = Math.abs(errno);
        this.kernelMessage = kernelMessage;
        this.attribute = attribute;
    }

    static String describe(String request, int errno, String kernelMessage, String attribute) {
        return "'" + request + "' failed: " + Errno.name(errno) + " (" + Errno.describe(errno) + ")"
                + (kernelMessage == null || kernelMessage.isEmpty() ? "" : ": kernel says \"" + kernelMessage + "\"")
                + (attribute == null ? "" : " (at " + attribute + ")");
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

    /** The attribute the kernel pointed at (e.g. {@code IFLA_LINKINFO > IFLA_INFO_KIND}), or null. */
    public String attribute() {
        return attribute;
    }

    /**
     * The kernel has no qdisc of the kind asked for (a kernel built without {@code sch_netem}, say):
     * ENOENT with the kernel's "Specified qdisc kind is unknown". {@code sch_KIND} is the module
     * that would provide it.
     */
    public boolean isUnknownQdiscKind() {
        return isUnknownQdiscKind(errno, kernelMessage);
    }

    static boolean isUnknownQdiscKind(int errno, String kernelMessage) {
        return errno == Errno.ENOENT.number && kernelMessage != null && kernelMessage.contains("qdisc kind is unknown");
    }

    public boolean is(Errno e) {
        return errno == e.number;
    }
}
