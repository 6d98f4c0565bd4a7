package dev.nslab.netns;

import dev.nslab.model.Sysctl;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Namespaces;

/**
 * Network sysctls of one namespace. /proc/sys/net shows the namespace of the thread that opens
 * the file, so every read and write happens inside the namespace (on a fresh thread;
 * docs/kernel-facts.md, "Namespaces and threads").
 */
public final class NamespaceSysctl {
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

    /**
     * Which of {@code keys} a namespace that is made now would not have: on a fresh thread in a
     * new, anonymous network namespace that ends with it (the kernel makes every namespace's
     * /proc/sys/net alike, from the modules loaded now). Without the privilege to make one, the
     * caller's own namespace is the nearest view.
     * <p>Equivalent to: {@code unshare --net sh -c 'ls /proc/sys/net/...'}
     */
    public static java.util.Set<String> missingInNew(java.util.Collection<String> keys) {
        java.util.Map<String, String> paths = new java.util.LinkedHashMap<>();
        keys.forEach(k -> paths.put(k, pathOf(k)));
        return InNamespace.onFreshThread("nslab-sysctl-probe", () -> {
            try {
                Namespaces.unshare(Namespaces.CLONE_NEWNET);
            } catch (dev.nslab.sys.SysException notPermitted) {
                // not root: look where we are
            }
            java.util.Set<String> missing = new java.util.LinkedHashSet<>();
            paths.forEach((key, path) -> {
                if (!java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
                    missing.add(key);
                }
            });
            return missing;
        });
    }

    /**
     * "net.ipv4.ip_forward" (or "net/ipv4/ip_forward") -> "/proc/sys/net/ipv4/ip_forward"; only
     * per-namespace (net.) keys, by the rule of {@link Sysctl#pathOf}.
     */
    public static String pathOf(String key) {
        return "/proc/sys/" + Sysctl.pathOf(key);
    }
}
