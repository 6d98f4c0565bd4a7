package dev.nslab.model;

import java.util.List;
import java.util.Objects;

/**
 * An existing host device the lab uses but does not create. In a namespace it is
 * moved there on {@code up} and given back to the host, with its name, addresses
 * and state, on {@code down}. In the host it is only configured (typically enslaved).
 *
 * @param name      the device's name in the host
 * @param namespace where the lab wants it: a namespace, or {@link Namespace#HOST}
 * @param addresses addresses to add to it
 * @param master    bridge (in {@code namespace}) to enslave it to, or null
 * @param up        admin state wanted: true unless the script said {@code down()}
 * @param location  where the uplink was declared
 * @param shape     how it shapes what it sends ({@link Shape#NONE}: the lab leaves its qdisc alone)
 */
public record Uplink(String name, String namespace, List<Prefix> addresses, String master, boolean up,
                     SourceLocation location, Shape shape) {

    public Uplink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(location, "location");
        shape = shape == null ? Shape.NONE : shape;
    }

    /** An uplink without shaping. */
    public Uplink(String name, String namespace, List<Prefix> addresses, String master, boolean up,
                  SourceLocation location) {
        this(name, namespace, addresses, master, up, location, Shape.NONE);
    }
}
