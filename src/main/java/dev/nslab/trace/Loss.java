package dev.nslab.trace;

/** Where and why a traced packet is lost. */
public sealed interface Loss {
    /**
     * Lost in {@code ns}, which would have to forward it but does not
     * ({@link PacketTracer#forwardingSysctl} is 0); {@code why} says how the
     * packet comes through it. Told apart because forwarding is also found off from routes alone.
     */
    record ForwardingOff(String ns, boolean v6, String why) implements Loss {
    }

    /** Lost for the reason {@code message} gives, with the fix. */
    record Stated(String message) implements Loss {
    }
}
