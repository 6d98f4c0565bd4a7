package dev.nslab.apply;

import dev.nslab.model.Namespace;
import dev.nslab.netlink.Netlink;
import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open namespaces of one run: an nsfs fd and a netlink handle per namespace, opened once
 * and all closed at the end. Closing matters: a cached socket or fd keeps a deleted
 * namespace alive (docs/kernel-facts.md, "What holds a namespace alive").
 */
final class Session implements AutoCloseable {
    private final Map<String, NetnsHandle> handles = new LinkedHashMap<>();
    private final Map<String, Netlink> netlinks = new LinkedHashMap<>();

    Session() {
        NetnsHandle host = NamedNamespaces.openCurrent(Namespace.HOST);
        handles.put(Namespace.HOST, host);
        netlinks.put(Namespace.HOST, Netlink.open());
    }

    NetnsHandle handle(String ns) {
        NetnsHandle h = handles.get(ns);
        if (h == null) {
            h = NamedNamespaces.open(ns);
            handles.put(ns, h);
        }
        return h;
    }

    Netlink netlink(String ns) {
        Netlink nl = netlinks.get(ns);
        if (nl == null) {
            nl = InNamespace.call(handle(ns), Netlink::open);
            netlinks.put(ns, nl);
        }
        return nl;
    }

    /** Adopts a namespace this run just made, with the socket opened inside it at creation. */
    void adopt(String ns, NetnsHandle handle, Netlink netlink) {
        handles.put(ns, handle);
        netlinks.put(ns, netlink);
    }

    /** Forgets and closes a namespace's fd and socket (before deleting it). */
    void release(String ns) {
        Netlink nl = netlinks.remove(ns);
        if (nl != null) {
            nl.close();
        }
        NetnsHandle h = handles.remove(ns);
        if (h != null) {
            h.close();
        }
    }

    @Override
    public void close() {
        netlinks.values().forEach(Netlink::close);
        handles.values().forEach(NetnsHandle::close);
        netlinks.clear();
        handles.clear();
    }
}
