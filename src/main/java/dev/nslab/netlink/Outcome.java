package dev.nslab.netlink;

/**
 * What became of one request of a batch.
 *
 * @param request       the request
 * @param tag           what the caller attached to it (e.g. the plan step that caused it)
 * @param status        see {@link Status}
 * @param errno         the positive errno when FAILED, else 0
 * @param kernelMessage the kernel's extended-ack text when it gave one: why it refused, or a warning on OK
 * @param attribute     the attribute of the request the kernel pointed at (extended ack), named by
 *                      its path, e.g. {@code IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VXLAN_ID}; or null
 */
public record Outcome<T>(Request request, T tag, Status status, int errno, String kernelMessage, String attribute) {
    public enum Status {
        /** Acked with error 0. */
        OK,
        /** Acked with an errno. */
        FAILED,
        /** Sent, but its ack was lost (ENOBUFS or time-out): it may or may not have been applied. */
        UNKNOWN,
        /** Not sent, because an earlier part of the batch left the state unknown. */
        NOT_SENT
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** Refused because the kernel lacks the qdisc kind asked for (see {@link NetlinkException#isUnknownQdiscKind}). */
    public boolean isUnknownQdiscKind() {
        return status == Status.FAILED && NetlinkException.isUnknownQdiscKind(errno, kernelMessage);
    }

    /** The failure as an exception, for callers that stop at the first one. */
    public NetlinkException toException() {
        return new NetlinkException(request.command(), errno, kernelMessage, attribute);
    }

    @Override
    public String toString() {
        return switch (status) {
            case OK -> "ok: " + request.command();
            case FAILED -> NetlinkException.describe(request.command(), errno, kernelMessage, attribute);
            case UNKNOWN -> "unknown (ack lost): " + request.command();
            case NOT_SENT -> "not sent: " + request.command();
        };
    }
}
