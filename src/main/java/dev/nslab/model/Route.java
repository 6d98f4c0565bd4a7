package dev.nslab.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A route in the main table of a namespace.
 *
 * @param namespace   the namespace, or {@link Namespace#HOST}
 * @param destination the destination network with host bits clear; {@code route 'default'} is
 *                    0.0.0.0/0, or ::/0 when the gateway is IPv6 (see {@link Prefix#isDefault()})
 * @param via         gateway, or null for a route straight out of {@code dev}
 * @param dev         output device, or null to let the kernel pick it from the gateway
 * @param location    where the route was declared
 */
public record Route(String namespace, Prefix destination, InetAddress via, String dev, SourceLocation location) {

    public Route {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(destination, "destination");
        if (via == null && dev == null) {
            throw new IllegalArgumentException("a route needs a gateway or a device");
        }
        Objects.requireNonNull(location, "location");
    }
}
