package dev.nslab.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired state of a lab, as declared by its script and validated: what the
 * planner compares with the live kernel state.
 *
 * <p>Lists keep declaration order. Every entry names its namespace by string, with
 * {@link Namespace#HOST} for the host; {@link #namespaces()} starts with the host,
 * followed by the declared namespaces in order of first declaration.
 *
 * @param labName      the lab's name ({@code lab 'NAME'}, or the file name without {@code .netns.groovy})
 * @param file         the script file as the user named it
 * @param namespaces   the host, then every declared namespace
 * @param links        interfaces the lab creates
 * @param uplinks      existing host devices the lab moves or configures
 * @param routes       routes per namespace
 * @param sysctls      sysctls per namespace
 * @param spawns       processes to start once everything else is in place
 * @param expectations reachability checks
 * @param hostDevices  existing host devices that links are built on without being declared
 * @param parameters   the values the script's parameters were given ({@code -P NAME=VALUE}), as given;
 *                     the others took their defaults. With the script, they make this topology again.
 */
public record Topology(String labName, String file, List<Namespace> namespaces, List<Link> links,
                       List<Uplink> uplinks, List<Route> routes, List<Sysctl> sysctls, List<Spawn> spawns,
                       List<Expectation> expectations, List<HostDevice> hostDevices, Map<String, String> parameters) {

    public Topology {
        Objects.requireNonNull(labName, "labName");
        Objects.requireNonNull(file, "file");
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        namespaces = List.copyOf(namespaces);
        links = List.copyOf(links);
        uplinks = List.copyOf(uplinks);
        routes = List.copyOf(routes);
        sysctls = List.copyOf(sysctls);
        spawns = List.copyOf(spawns);
        expectations = List.copyOf(expectations);
        hostDevices = List.copyOf(hostDevices);
    }

    /** A topology whose script was given no parameters. */
    public Topology(String labName, String file, List<Namespace> namespaces, List<Link> links,
                    List<Uplink> uplinks, List<Route> routes, List<Sysctl> sysctls, List<Spawn> spawns,
                    List<Expectation> expectations, List<HostDevice> hostDevices) {
        this(labName, file, namespaces, links, uplinks, routes, sysctls, spawns, expectations, hostDevices, Map.of());
    }

    /** @return the namespace called {@code name} ({@link Namespace#HOST} for the host), if any */
    public Optional<Namespace> namespace(String name) {
        return namespaces.stream().filter(ns -> ns.name().equals(name)).findFirst();
    }

    /** @return the named namespaces, without the host */
    public List<Namespace> declaredNamespaces() {
        return namespaces.stream().filter(ns -> !ns.isHost()).toList();
    }

    /**
     * @return every interface the lab creates in {@code namespace}, veth ends counted
     *         one by one (a veth whose ends live in two namespaces appears in both)
     */
    public List<LinkAttrs> interfacesIn(String namespace) {
        return links.stream().flatMap(link -> link.ends().stream())
                .filter(end -> end.namespace().equals(namespace)).toList();
    }

    /** @return the link that has an end called {@code name} in {@code namespace}, if any */
    public Optional<Link> link(String namespace, String name) {
        return links.stream()
                .filter(link -> link.ends().stream()
                        .anyMatch(end -> end.namespace().equals(namespace) && end.name().equals(name)))
                .findFirst();
    }

    /** @return the uplinks that end up in {@code namespace} */
    public List<Uplink> uplinksIn(String namespace) {
        return uplinks.stream().filter(u -> u.namespace().equals(namespace)).toList();
    }

    /**
     * @return the namespaces in which the lab declares any IPv6: an IPv6 address on one of their
     *         interfaces or uplinks, an IPv6 route, or a net.ipv6 sysctl (one pass over the lab,
     *         so that asking for every namespace of a large lab stays linear)
     */
    public java.util.Set<String> namespacesUsingIpv6() {
        java.util.Set<String> using = new java.util.HashSet<>();
        for (Link link : links) {
            for (LinkAttrs end : link.ends()) {
                if (end.addresses().stream().anyMatch(Prefix::isIpv6)) {
                    using.add(end.namespace());
                }
            }
        }
        for (Uplink u : uplinks) {
            if (u.addresses().stream().anyMatch(Prefix::isIpv6)) {
                using.add(u.namespace());
            }
        }
        for (Route r : routes) {
            if (r.destination().isIpv6() || r.via() instanceof java.net.Inet6Address) {
                using.add(r.namespace());
            }
        }
        for (Sysctl s : sysctls) {
            if (s.key().startsWith("net.ipv6.")) {
                using.add(s.namespace());
            }
        }
        return using;
    }

    /** @return the routes of {@code namespace} */
    public List<Route> routesIn(String namespace) {
        return routes.stream().filter(r -> r.namespace().equals(namespace)).toList();
    }
}
