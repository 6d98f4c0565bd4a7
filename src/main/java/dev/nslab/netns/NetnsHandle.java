package dev.nslab.netns;

import dev.nslab.sys.Fds;

import java.util.Objects;

/**
 * An open reference to a network namespace: an nsfs file descriptor.
 * <p>
 * Holding the fd keeps the namespace alive and is its only stable identity (inode numbers are
 * reused once a namespace dies). Close it when done: an open fd alone pins a deleted namespace.
 */
public final class NetnsHandle implements AutoCloseable {
    private final String name;
    private volatile int fd;

    NetnsHandle(String name, int fd) {
        this.name = Objects.requireNonNull(name);
        this.fd = fd;
    }

    /** The namespace's name under /run/netns, or a description such as "host". */
    public String name() {
        return name;
    }

    /** The nsfs file descriptor, valid until {@link #close()}. */
    public int fd() {
        int f = fd;
        if (f < 0) {
            throw new IllegalStateException("namespace handle '" + name + "' is closed");
        }
        return f;
    }

    @Override
    public void close() {
        int f = fd;
        fd = -1;
        Fds.closeQuietly(f);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
