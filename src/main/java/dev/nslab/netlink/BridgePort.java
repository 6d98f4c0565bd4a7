package dev.nslab.netlink;

/**
 * One bridge port as {@code bridge link show} reports it.
 *
 * @param masterIndex the bridge's ifindex
 * @param state       the port's spanning-tree state (BR_STATE_* of linux/if_bridge.h)
 */
public record BridgePort(int index, String name, int masterIndex, State state) {
    /** BR_STATE_*: only a forwarding port passes frames. */
    public enum State {
        DISABLED, LISTENING, LEARNING, FORWARDING, BLOCKING, UNKNOWN;

        public static State of(int brState) {
            return brState >= 0 && brState <= 4 ? values()[brState] : UNKNOWN;
        }

        /** "listening", as {@code bridge link show} prints it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
