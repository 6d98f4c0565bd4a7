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

    /**
     * Lost in {@code ns}, which has no route to {@code dst} ({@code reply}: on the way back);
     * {@code advice} is the fix the tracer sees from the live routes alone. Told apart so that the
     * doctor can rank it under its cause (a link that is down took the route away) and group the
     * expectations that die at the same place.
     */
    record NoRoute(String what, String ns, java.net.InetAddress dst, boolean reply, String advice) implements Loss {
        /** What the tracer would say alone: {@code ping 'h1' to X: namespace 'r2' has no route to Y: ADVICE}. */
        public String message() {
            return what + place() + ": " + advice;
        }

        /** {@code namespace 'r2' has no route to 10.0.1.2 (the way back)}. */
        public String place() {
            return dev.nslab.model.Namespace.describe(ns) + " has no route to " + dev.nslab.model.Addresses.format(dst)
                    + (reply ? " (the way back)" : "");
        }
    }

    /** Lost for the reason {@code message} gives, with the fix. */
    record Stated(String message) implements Loss {
    }
}
