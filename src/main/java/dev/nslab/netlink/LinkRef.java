package dev.nslab.netlink;

/**
 * Which link a request is about: by ifindex when it is known, else by name (the kernel looks
 * the name up itself, which saves a round trip). {@link #toString()} is the name as {@code ip}
 * shows it.
 */
public record LinkRef(int index, String name) {
    public static LinkRef byName(String name) {
        return new LinkRef(0, name);
    }

    public static LinkRef byIndex(int index, String nameForMessages) {
        return new LinkRef(index, nameForMessages);
    }

    @Override
    public String toString() {
        return name != null ? name : "ifindex " + index;
    }
}
