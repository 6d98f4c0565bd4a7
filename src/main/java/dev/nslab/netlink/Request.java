package dev.nslab.netlink;

import dev.nslab.netlink.nl.NlWriter;

/**
 * One rtnetlink request, ready to encode: what it is, as the {@code ip} command it equals
 * (used in every error and log line), and how to write it with a given sequence number.
 */
public record Request(String command, Encoder encoder) {
    /** Writes exactly one netlink message, with NLM_F_REQUEST|NLM_F_ACK and the given seq. */
    @FunctionalInterface
    public interface Encoder {
        void write(NlWriter writer, int seq);
    }

    @Override
    public String toString() {
        return command;
    }
}
