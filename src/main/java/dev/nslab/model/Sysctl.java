package dev.nslab.model;

import java.util.Objects;

/**
 * A per-namespace sysctl, written under /proc/sys/net inside the namespace.
 *
 * @param namespace the namespace, or {@link Namespace#HOST}
 * @param key       the key as written, {@code net.ipv4.ip_forward} or {@code net/ipv4/conf/eth0.1/forwarding}
 * @param value     the value to write (numbers as decimal, booleans as 1/0)
 * @param location  where the sysctl was declared
 */
public record Sysctl(String namespace, String key, String value, SourceLocation location) {

    public Sysctl {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }

    /** @return the file under /proc/sys this key names, e.g. {@code net/ipv4/ip_forward} */
    public String path() {
        // sysctl(8): with '/' as separator, dots belong to a component (eth0.1).
        return key.indexOf('/') >= 0 ? key : key.replace('.', '/');
    }
}
