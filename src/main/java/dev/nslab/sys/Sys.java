package dev.nslab.sys;

import com.kenai.jffi.MemoryIO;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one binding of the C library, and the memory handed to it.
 * <p>
 * The checked wrappers live by concern beside this class: {@link Fds} (files, descriptors,
 * poll), {@link Namespaces}, {@link Mounts}, {@link Pidfds}, {@link Sockets}, {@link UnixSockets},
 * {@link TunDevices}; {@link Errno} names what failed. Each turns a negative return into a
 * {@link SysException} naming the call, the errno and the arguments, and retries EINTR.
 * Everything else in nslab calls the kernel through them; no other package imports jnr-ffi.
 * Memory handed to the kernel is a direct {@link ByteBuffer} ({@link #allocateNative}), so
 * callers stay in plain Java.
 */
public final class Sys {
    private Sys() {
    }

    /** Loads libc once, on first use, so that unprivileged tools (plan, graph) never pay for it. */
    private static final class Holder {
        static final LibC LIBC = load();
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
        static final MemoryIO MEMORY_IO = MemoryIO.getInstance();
    }

    /**
     * jnr-ffi's default generates bytecode stubs for every LibC method when the library loads:
     * about 0.2 s of a run that makes a few thousand calls. Its reflective invoker loads in a
     * third of that and costs about 1 us more per call (0.25 vs 1 us, measured), so it wins
     * until a run makes some 150,000 calls. {@code -Djnr.ffi.asm.enabled=true} restores the stubs.
     */
    private static LibC load() {
        if (System.getProperty("jnr.ffi.asm.enabled") == null) {
            System.setProperty("jnr.ffi.asm.enabled", "false");
        }
        return LibraryLoader.create(LibC.class).load("c");
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** The errno of this thread's last call through {@link #libc()}. */
    static int errno() {
        return LastError.getLastError(runtime());
    }

    /** {@code rc}, or a {@link SysException} naming {@code call}, the errno and {@code args} when it is negative. */
    static int check(String call, int rc, String args) {
        if (rc < 0) {
            throw new SysException(call, errno(), args);
        }
        return rc;
    }

    /** The address of a direct buffer's first byte. */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("the kernel needs a direct ByteBuffer");
        }
        return Holder.MEMORY_IO.getDirectBufferAddress(direct);
    }

    /** The whole of a direct buffer, as a pointer for libc. */
    static Pointer pointerTo(ByteBuffer direct) {
        return Pointer.wrap(runtime(), address(direct), direct.capacity());
    }

    /** {@code length} bytes of a direct buffer from {@code offset}, as a pointer for libc. */
    static Pointer pointerTo(ByteBuffer direct, long offset, long length) {
        return Pointer.wrap(runtime(), address(direct) + offset, length);
    }

    /** A direct buffer in the machine's byte order, as the kernel reads structs. */
    public static ByteBuffer allocateNative(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
