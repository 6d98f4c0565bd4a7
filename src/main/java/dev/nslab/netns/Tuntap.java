package dev.nslab.netns;

import dev.nslab.model.Names;
import dev.nslab.sys.TunDevices;

/**
 * Persistent tap devices. A tap is made through /dev/net/tun, not rtnetlink, and lands in the
 * namespace of the thread that makes it, so the ioctl runs inside the target namespace.
 */
public final class Tuntap {
    private Tuntap() {
    }

    /** Equivalent to: {@code ip -n $ns tuntap add $name mode tap} */
    public static void tapAdd(NetnsHandle ns, String name) {
        tapAdd(ns, name, () -> { });
    }

    /**
     * As {@link #tapAdd(NetnsHandle, String)}, running {@code beforePersist} (to mark the tap)
     * while the tap still dies with the fd that made it.
     */
    public static void tapAdd(NetnsHandle ns, String name, Runnable beforePersist) {
        Names.requireInterface(name);
        InNamespace.call(ns, () -> {
            TunDevices.createPersistent(name, true, beforePersist);
            return null;
        });
    }
}
