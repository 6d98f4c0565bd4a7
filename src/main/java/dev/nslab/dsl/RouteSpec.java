package dev.nslab.dsl;

import dev.nslab.model.Prefix;
import dev.nslab.model.Route;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * {@code route 'DESTINATION' via 'GATEWAY'} or {@code ... dev 'DEV'} (or both), in
 * the namespace of its context. The destination is {@code default}, a network
 * {@code ADDRESS/LENGTH}, or a single address (a host route).
 */
public class RouteSpec extends Spec {

    private final String namespace;
    private final String text;
    /** Null for {@code default}, whose family is only known once {@code via} is. */
    private final Prefix destination;
    private InetAddress via;
    private String dev;

    RouteSpec(Recorder recorder, String namespace, String destination) {
        super(recorder);
        this.namespace = namespace;
        this.text = destination;
        if (destination.equals("default")) {
            this.destination = null;
        } else if (destination.indexOf('/') >= 0) {
            this.destination = recorder.prefix("route", destination);
        } else {
            InetAddress host = recorder.address("route", destination);
            this.destination = host == null ? null : Prefix.host(host); // null: a mistake, noted
        }
    }

    /** Sets the gateway. */
    public RouteSpec via(String gateway) {
        this.via = recorder.address("via", gateway);
        recorder.touch(this);
        return this;
    }

    /** Sets the output device, a link of the same namespace. */
    public RouteSpec dev(String device) {
        this.dev = device;
        recorder.touch(this);
        return this;
    }

    @Override
    String describe() {
        return "route '" + text + "'";
    }

    Route toRoute() {
        if (via == null && dev == null) {
            throw new DslException(location, describe() + " needs a gateway or a device: add via 'GATEWAY' or dev 'DEVICE'");
        }
        Prefix to = destination != null ? destination : Prefix.defaultRoute(via instanceof Inet6Address);
        return new Route(namespace, to, via, dev, location);
    }
}
