package dev.nslab.netns;

import dev.nslab.sys.Fds;

import java.util.regex.Pattern;

/**
 * Network sysctls of one namespace. /proc/sys/net shows the namespace of the thread that opens
 * the file, so every read and write happens inside the namespace (on a fresh thread;
 * docs/kernel-facts.md, "Namespaces and threads").
 */
public final class NamespaceSysctl {
    private static final Pattern KEY = Pattern.compile("net(\\.[A-Za-z0-9_-]+)+");

    private NamespaceSysctl() {
    }

    /** Equivalent to: {@code ip netns exec $ns sysctl -n $key} */
    public static String read(NetnsHandle ns, String key) {
        String path = pathOf(key);
        return InNamespace.call(ns, () -> Fds.readFile(path).strip());
    }

    /** Equivalent to: {@code ip netns exec $ns sysctl -w $key=$value} */
    public static void write(NetnsHandle ns, String key, String value) {
        String path = pathOf(key);
        InNamespace.call(ns, () -> {
            Fds.writeFile(path, value);
            return null;
        });
    }

    /**
     * Reads many keys in one visit to the namespace; a key whose file does not exist (an interface
     * that has gone) is left out of the answer.
     * <p>Equivalent to: {@code ip netns exec $ns sysctl -n $key...}
     */
    public static java.util.Map<String, String> readAll(NetnsHandle ns, java.util.Collection<String> keys) {
        java.util.Map<String, String> paths = new java.util.LinkedHashMap<>();
        keys.forEach(k -> paths.put(k, pathOf(k)));
        return InNamespace.call(ns, () -> {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            for (var e : paths.entrySet()) {
                try {
                    out.put(e.getKey(), Fds.readFile(e.getValue()).strip());
                } catch (dev.nslab.sys.SysException missing) {
                    if (!missing.is(dev.nslab.sys.Errno.ENOENT)) {
                        throw missing;
                    }
                }
            }
            return out;
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
