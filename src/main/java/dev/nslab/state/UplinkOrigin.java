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
 * @param qdisc     its root qdisc: the kind, followed for a tbf or netem by what it did in shaping
 *                  words ({@code tbf rate '5mbit' burst '5000b'}); null when not recorded (journals
 *                  from before shaping)
 */
public record UplinkOrigin(String name, String namespace, boolean up, List<Prefix> addresses, List<RouteVia> routes,
                    String qdisc) {

    public UplinkOrigin(String name, String namespace, boolean up, List<Prefix> addresses, List<RouteVia> routes) {
        this(name, namespace, up, addresses, routes, null);
    }

    /** The journal's form of a live root qdisc. */
    public static String qdiscOf(dev.nslab.model.LiveState.LiveQdisc q) {
        if (q.isShaping() && q.shape() != null) {
            dev.nslab.model.Shape s = q.kind().equals("tbf") ? q.shape().withQueue(null)
                    .withLatency(null) : q.shape();
            String limit = q.kind().equals("tbf") ? " limit " + q.limit() : "";
            return q.kind() + " " + s.words() + limit;
        }
        return q.kind();
    }

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
                + String.join(",", addresses.stream().map(Prefix::toString).toList()) + "\t" + String.join(",", r)
                + (qdisc == null ? "" : "\t" + qdisc);
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
        return new UplinkOrigin(f[1], f[2], f[3].equals("up"), addrs, routes, f.length > 6 ? f[6] : null);
    }
}
