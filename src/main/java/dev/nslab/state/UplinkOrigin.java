package dev.nslab.state;

import dev.nslab.model.Prefix;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * How an uplink was before the lab touched it, as the journal keeps it, so that {@code down}
 * gives it back: where it was moved, its admin state, its addresses and the routes through it.
 *
 * @param namespace where the lab put it ("host" when it stayed in the host, e.g. enslaved)
 */
public record UplinkOrigin(String name, String namespace, boolean up, List<Prefix> addresses, List<RouteVia> routes) {
    /** A route through the uplink: destination, and gateway or null. */
    public record RouteVia(Prefix destination, InetAddress gateway) {
    }

    /** One journal line: fields separated by tabs, lists by commas (written and read by {@link JournalRecord}). */
    String toJournalLine() {
        List<String> r = new ArrayList<>();
        for (RouteVia v : routes) {
            r.add(v.destination() + ">" + (v.gateway() == null ? "" : v.gateway().getHostAddress()));
        }
        return "uplink\t" + name + "\t" + namespace + "\t" + (up ? "up" : "down") + "\t"
                + String.join(",", addresses.stream().map(Prefix::toString).toList()) + "\t" + String.join(",", r);
    }

    static UplinkOrigin parse(String line) {
        String[] f = line.split("\t", -1);
        List<Prefix> addrs = new ArrayList<>();
        for (String a : f[4].split(",")) {
            if (!a.isEmpty()) {
                addrs.add(Prefix.parse(a));
            }
        }
        List<RouteVia> routes = new ArrayList<>();
        for (String r : f[5].split(",")) {
            if (!r.isEmpty()) {
                String[] dg = r.split(">", -1);
                routes.add(new RouteVia(Prefix.parse(dg[0]), dg[1].isEmpty() ? null : Prefix.parse(dg[1] + (dg[1].contains(":") ? "/128" : "/32")).address()));
            }
        }
        return new UplinkOrigin(f[1], f[2], f[3].equals("up"), addrs, routes);
    }
}
