package dev.nslab.netlink;

import dev.nslab.model.Addresses;

import java.net.InetAddress;

/**
 * A route in the main table, as requests carry it.
 *
 * @param dst     destination network address, null (with dstLen 0) for the default route
 * @param gateway next hop, or null for a route straight onto {@code oif}
 * @param oif     output ifindex, 0 when only the gateway decides
 * @param dev     the output device's name, for messages only
 */
public record RouteSpec(int family, InetAddress dst, int dstLen, InetAddress gateway, int oif, String dev) {
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(dstLen == 0 ? "default" : Addresses.format(dst) + "/" + dstLen);
        if (gateway != null) {
            s.append(" via ").append(Addresses.format(gateway));
        }
        if (dev != null) {
            s.append(" dev ").append(dev);
        }
        return s.toString();
    }
}
