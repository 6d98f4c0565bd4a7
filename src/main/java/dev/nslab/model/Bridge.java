package dev.nslab.model;

import java.util.Objects;

/**
 * A Linux bridge. Bridges cannot change namespace, so it is created where it lives.
 *
 * @param attrs        common attributes
 * @param stp          spanning tree on; off (the kernel's default) unless {@code stp true}
 * @param forwardDelay forward delay in seconds, or null for the kernel's default (15 s)
 */
public record Bridge(LinkAttrs attrs, boolean stp, Integer forwardDelay) implements Link {

    /**
     * The most ports a Linux bridge takes: port numbers are 10 bits and 0 is reserved
     * (BR_MAX_PORTS); the next port is refused with EXFULL (docs/kernel-facts.md, "Bridges").
     */
    public static final int MAX_PORTS = 1023;

    public Bridge {
        Objects.requireNonNull(attrs, "attrs");
    }

    @Override
    public String kind() {
        return "bridge";
    }
}
