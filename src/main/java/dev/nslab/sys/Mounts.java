package dev.nslab.sys;

import static dev.nslab.sys.Sys.check;
import static dev.nslab.sys.Sys.errno;
import static dev.nslab.sys.Sys.libc;

/**
 * Mounts: the bind mounts that name a namespace under /run/netns, the propagation of that
 * directory, and the sandbox's tmpfs (docs/kernel-facts.md, "Named namespaces").
 */
public final class Mounts {
    public static final long MS_RDONLY = 1;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;

    private Mounts() {
    }

    public static void mount(String source, String target, String fsType, long flags) {
        check("mount(2)", libc().mount(source, target, fsType, flags, null),
                "source=" + source + " target=" + target + " type=" + fsType + " flags=0x" + Long.toHexString(flags));
    }

    /** Like {@link #mount}, but returns the errno instead of throwing (0 on success). */
    public static int tryMount(String source, String target, String fsType, long flags) {
        return libc().mount(source, target, fsType, flags, null) < 0 ? errno() : 0;
    }

    /** umount2(target, MNT_DETACH), returning the errno instead of throwing (0 on success). */
    public static int tryUmountDetach(String target) {
        return libc().umount2(target, MNT_DETACH) < 0 ? errno() : 0;
    }

    public static void umount2(String target, int flags) {
        check("umount2(2)", libc().umount2(target, flags), "target=" + target + " flags=" + flags);
    }
}
