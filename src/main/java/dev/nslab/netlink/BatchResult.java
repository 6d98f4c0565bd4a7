package dev.nslab.netlink;

import java.util.List;

/** The outcome of every request of a {@link Batch}, in the order they were added. */
public record BatchResult<T>(List<Outcome<T>> outcomes, int sendCalls) {
    public List<Outcome<T>> failures() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.FAILED).toList();
    }

    public List<Outcome<T>> unknown() {
        return outcomes.stream()
                .filter(o -> o.status() == Outcome.Status.UNKNOWN || o.status() == Outcome.Status.NOT_SENT)
                .toList();
    }

    /** False when acks were lost: dump again before believing anything about this batch. */
    public boolean stateKnown() {
        return unknown().isEmpty();
    }

    public boolean allOk() {
        return outcomes.stream().allMatch(Outcome::ok);
    }

    /** Throws for the first failed request, or for lost acks; returns this when all went well. */
    public BatchResult<T> orThrow() {
        List<Outcome<T>> failed = failures();
        if (!failed.isEmpty()) {
            NetlinkException first = failed.get(0).toException();
            if (failed.size() > 1) {
                first.addSuppressed(new NetlinkException("(" + (failed.size() - 1) + " more failed requests)", 0, null));
            }
            throw first;
        }
        if (!stateKnown()) {
            throw new NetlinkStateUnknownException(unknown().size() + " of " + outcomes.size()
                    + " requests have no known outcome (acks lost to ENOBUFS or time-out), first: "
                    + unknown().get(0).request().command());
        }
        return this;
    }
}
