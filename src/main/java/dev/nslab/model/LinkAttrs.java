package dev.nslab.model;

import java.util.List;
import java.util.Objects;

/**
 * What every network interface the lab creates has, whatever its kind: one end of
 * a veth, a bridge, a macvlan...
 *
 * @param name       interface name (validated: 1..15 characters)
 * @param namespace  namespace name, {@link Namespace#HOST} for the host
 * @param addresses  addresses to assign, in declaration order
 * @param mtu        MTU, or null for the kernel's default
 * @param mac        hardware address in lower case {@code xx:xx:xx:xx:xx:xx}, or null for a random one
 * @param master     name of the bridge (in the same namespace) this interface is a port of, or null
 * @param up         admin state: true unless the script said {@code down()}
 * @param location   where the interface was declared
 * @param shape      how it shapes what it sends ({@link Shape#NONE}: not at all)
 */
public record LinkAttrs(String name, String namespace, List<Prefix> addresses, Integer mtu, String mac,
                        String master, boolean up, SourceLocation location, Shape shape) {

    public LinkAttrs {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(location, "location");
        shape = shape == null ? Shape.NONE : shape;
    }

    /** An interface without shaping. */
    public LinkAttrs(String name, String namespace, List<Prefix> addresses, Integer mtu, String mac,
                     String master, boolean up, SourceLocation location) {
        this(name, namespace, addresses, mtu, mac, master, up, location, Shape.NONE);
    }
}
