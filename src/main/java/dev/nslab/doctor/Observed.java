package dev.nslab.doctor;

import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.netlink.BridgePort;
import dev.nslab.trace.Network;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the doctor looked at: for each of the lab's namespaces that exists, its links, addresses
 * and routes, its bridge ports with their STP state, and the sysctls that decide forwarding.
 *
 * @param namespaces by name ({@code host} for the host); a missing key means the namespace does not exist
 */
public record Observed(Map<String, View> namespaces) implements Network {
    public Observed {
        namespaces = Map.copyOf(namespaces);
    }

    public Optional<View> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    @Override
    public Collection<String> names() {
        return namespaces.keySet();
    }

    @Override
    public Optional<LiveNamespace> live(String ns) {
        return namespace(ns).map(View::live);
    }

    @Override
    public int sysctl(String ns, String key) {
        return namespace(ns).map(v -> v.sysctl(key)).orElse(0);
    }

    /**
     * One namespace.
     *
     * @param sysctls {@code net.ipv4.ip_forward}, {@code net.ipv6.conf.all.forwarding},
     *                {@code net.ipv4.conf.all.rp_filter}, {@code net.ipv4.conf.IF.rp_filter} per link,
     *                and the keys the script sets
     */
    public record View(LiveNamespace live, List<BridgePort> ports, Map<String, String> sysctls) {
        public View {
            ports = List.copyOf(ports);
            sysctls = Map.copyOf(sysctls);
        }

        /** The sysctl as a number, 0 when unknown. */
        public int sysctl(String key) {
            String v = sysctls.get(key);
            try {
                return v == null ? 0 : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
