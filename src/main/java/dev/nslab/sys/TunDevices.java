package dev.nslab.sys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jnr.ffi.Pointer;

import static dev.nslab.sys.Sys.allocateNative;
import static dev.nslab.sys.Sys.check;
import static dev.nslab.sys.Sys.libc;
import static dev.nslab.sys.Sys.pointerTo;
import static dev.nslab.sys.Sys.runtime;

/**
 * Tun and tap devices, made through /dev/net/tun rather than rtnetlink. A device lands in the
 * namespace of the thread that opens /dev/net/tun (docs/kernel-facts.md, "Links").
 */
public final class TunDevices {
    public static final long TUNSETIFF = 0x400454caL;
    public static final long TUNSETPERSIST = 0x400454cbL;
    public static final long TUNSETOWNER = 0x400454ccL;
    public static final short IFF_TUN = 0x0001;
    public static final short IFF_TAP = 0x0002;
    public static final short IFF_NO_PI = 0x1000;

    private TunDevices() {
    }

    /**
     * Creates a persistent tap (or tun) device, as {@code ip tuntap add NAME mode tap} does:
     * TUNSETIFF on /dev/net/tun, then TUNSETPERSIST so it outlives the fd.
     */
    public static void createPersistent(String name, boolean tap) {
        createPersistent(name, tap, () -> { });
    }

    /**
     * As {@link #createPersistent(String, boolean)}, running {@code beforePersist} while the
     * device exists but dies with this fd: a kill before it is done leaves nothing behind.
     */
    public static void createPersistent(String name, boolean tap, Runnable beforePersist) {
        int fd = Fds.open("/dev/net/tun", Fds.O_RDWR, 0);
        try {
            ByteBuffer ifr = allocateNative(40); // struct ifreq
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            ifr.put(0, n);
            ifr.putShort(16, (short) ((tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI));
            check("ioctl(TUNSETIFF)", libc().ioctl(fd, TUNSETIFF, pointerTo(ifr)), "name=" + name);
            beforePersist.run();
            check("ioctl(TUNSETPERSIST)", libc().ioctl(fd, TUNSETPERSIST, Pointer.wrap(runtime(), 1L)), "name=" + name);
        } finally {
            Fds.closeQuietly(fd);
        }
    }
}
