package dev.nslab.netns;

import dev.nslab.sys.Sys;

import java.util.regex.Pattern;

/**
 * Network sysctls of one namespace. /proc/sys/net shows the namespace of the thread that opens
 * the file, so every read and write happens inside the namespace (on a fresh thread).
 */
public final class NamespaceSysctl {
    private static final Pattern KEY = Pattern.compile("net(\\.[A-Za-z0-9_-]+)+");

    private NamespaceSysctl() {
    }

    /** Equivalent to: {@code ip netns exec $ns sysctl -n $key} */
    public static String read(NetnsHandle ns, String key) {
        String path = pathOf(key);
        return InNamespace.call(ns, () -> Sys.readFile(path).strip());
    }

    /** Equivalent to: {@code ip netns exec $ns sysctl -w $key=$value} */
    public static void write(NetnsHandle ns, String key, String value) {
        String path = pathOf(key);
        InNamespace.call(ns, () -> {
            Sys.writeFile(path, value);
            return null;
        });
    }

    /** "net.ipv4.ip_forward" -> "/proc/sys/net/ipv4/ip_forward"; only per-namespace (net.) keys. */
    public static String pathOf(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid sysctl '" + key + "': only net.* keys are per namespace");
        }
        return "/proc/sys/" + key.replace('.', '/');
    }
}
