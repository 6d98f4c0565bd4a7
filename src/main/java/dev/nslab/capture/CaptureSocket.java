package dev.nslab.capture;

import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;
import dev.nslab.netns.ProcNetDev;
import dev.nslab.sys.Errno;
import dev.nslab.sys.PacketSockets;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.SysException;

import java.util.List;

/**
 * A packet socket bound to one interface of a named namespace: made on a thread inside the
 * namespace (the socket, and the interface name it looks up, belong to the namespace of the
 * thread that creates it), then read from any thread.
 *
 * @param fd           the socket, close-on-exec
 * @param ifindex      the interface's index in its namespace
 * @param hardwareType its ARPHRD_ type: whether frames begin with an Ethernet header
 */
record CaptureSocket(int fd, int ifindex, int hardwareType) {
    /** 4 MiB: a burst of full-size frames (or GSO frames of 64 KiB) waits here while the decoder catches up. */
    private static final int RECEIVE_BUFFER = 4 << 20;

    static CaptureSocket open(String namespace, String ifname) {
        NetnsHandle handle;
        try {
            handle = NamedNamespaces.open(namespace);
        } catch (SysException e) {
            if (e.is(Errno.ENOENT)) {
                List<String> names = NamedNamespaces.list();
                throw new UnknownTargetException("no namespace '" + namespace + "' ("
                        + (names.isEmpty() ? "there is none: nslab up makes a lab's" : "there are: " + String.join(", ", names)) + ")");
            }
            throw e;
        }
        try (handle) {
            return InNamespace.call(handle, () -> bound(namespace, ifname));
        }
    }

    /** On the thread inside the namespace: socket, interface index, bind, time stamps, buffer. */
    private static CaptureSocket bound(String namespace, String ifname) {
        int fd = PacketSockets.open();
        try {
            int ifindex;
            try {
                ifindex = PacketSockets.interfaceIndex(fd, ifname);
            } catch (SysException e) {
                if (e.is(Errno.ENODEV)) {
                    throw new UnknownTargetException("no interface '" + ifname + "' in namespace '" + namespace
                            + "' (it has: " + String.join(", ", ProcNetDev.linkNames()) + ")");
                }
                throw e;
            }
            int hardwareType = PacketSockets.bind(fd, ifindex);
            PacketSockets.timestampNanos(fd);
            try {
                Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUFFORCE, RECEIVE_BUFFER);
            } catch (SysException notPrivileged) {
                Sockets.setsockoptInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, RECEIVE_BUFFER);
            }
            return new CaptureSocket(fd, ifindex, hardwareType);
        } catch (RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }
}
