package dev.nslab.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A per-namespace sysctl, written under /proc/sys/net inside the namespace.
 *
 * @param namespace the namespace, or {@link Namespace#HOST}
 * @param key       the key as written, {@code net.ipv4.ip_forward} or {@code net/ipv4/conf/eth0.1/forwarding}
 * @param value     the value to write (numbers as decimal, booleans as 1/0)
 * @param location  where the sysctl was declared
 */
public record Sysctl(String namespace, String key, String value, SourceLocation location) {

    /** How a key is written, as sysctl(8) takes it: dotted, or with '/' (then a dot belongs to a component, as in eth0.1). */
    private static final Pattern DOTTED = Pattern.compile("net(\\.[A-Za-z0-9_-]+)+");
    private static final Pattern SLASHED = Pattern.compile("net(/[A-Za-z0-9_.-]+)+");

    public Sysctl {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }

    /** @return the file under /proc/sys this key names, e.g. {@code net/ipv4/ip_forward} */
    public String path() {
        return pathOf(key);
    }

    /**
     * @return whether {@code key} names a per-namespace ({@code net.}) sysctl, dotted or slashed,
     *         and nothing outside /proc/sys/net ({@code net/../kernel} is not one)
     */
    public static boolean isValidKey(String key) {
        if (key.indexOf('/') < 0) {
            return DOTTED.matcher(key).matches();
        }
        return SLASHED.matcher(key).matches() && !key.contains("/./") && !key.contains("/../")
                && !key.endsWith("/.") && !key.endsWith("/..");
    }

    /**
     * @return the file under /proc/sys that {@code key} names: {@code net.ipv4.ip_forward} and
     *         {@code net/ipv4/ip_forward} both name {@code net/ipv4/ip_forward}
     * @throws IllegalArgumentException if it is not a {@link #isValidKey valid key}
     */
    public static String pathOf(String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("invalid sysctl '" + key + "': only net.* keys are per namespace");
        }
        // sysctl(8): with '/' as separator, dots belong to a component (eth0.1).
        return key.indexOf('/') >= 0 ? key : key.replace('.', '/');
    }
}
