package dev.nslab.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A VXLAN tunnel endpoint.
 *
 * @param attrs   common attributes
 * @param id      the VNI, 0..16777215
 * @param remote  unicast remote endpoint, or null
 * @param local   local source address, or null
 * @param group   multicast group (excludes {@code remote}), or null
 * @param dstport UDP destination port, or null for the kernel's default (4789)
 * @param dev     underlying device (same rules as a macvlan parent), or null
 */
public record Vxlan(LinkAttrs attrs, int id, InetAddress remote, InetAddress local, InetAddress group,
                    Integer dstport, String dev) implements Link {

    public Vxlan {
        Objects.requireNonNull(attrs, "attrs");
    }

    @Override
    public String kind() {
        return "vxlan";
    }
}
