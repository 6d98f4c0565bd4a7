package dev.nslab.netlink;

import dev.nslab.netlink.nl.LinkKind;

/**
 * Everything about a link that can be said in the one RTM_NEWLINK that creates it.
 *
 * @param index       ifindex to ask for, 0 to let the kernel choose; choosing lets later requests
 *                    of the same batch name the link (master, addresses) without a round trip
 * @param nsFd        nsfs fd of the namespace to create it in, null for the socket's own
 * @param masterIndex ifindex of the bridge to enslave it to at creation, null for none
 * @param up          create it administratively up
 */
public record NewLink(String name, LinkKind kind, int index, Integer nsFd, Integer mtu, byte[] mac,
                      Integer masterIndex, boolean up) {
    public static NewLink of(String name, LinkKind kind) {
        return new NewLink(name, kind, 0, null, null, null, null, false);
    }

    public NewLink withIndex(int i) {
        return new NewLink(name, kind, i, nsFd, mtu, mac, masterIndex, up);
    }

    public NewLink inNamespace(Integer fd) {
        return new NewLink(name, kind, index, fd, mtu, mac, masterIndex, up);
    }

    public NewLink withMtu(Integer m) {
        return new NewLink(name, kind, index, nsFd, m, mac, masterIndex, up);
    }

    public NewLink withMac(byte[] m) {
        return new NewLink(name, kind, index, nsFd, mtu, m, masterIndex, up);
    }

    public NewLink withMaster(Integer m) {
        return new NewLink(name, kind, index, nsFd, mtu, mac, m, up);
    }

    public NewLink up(boolean u) {
        return new NewLink(name, kind, index, nsFd, mtu, mac, masterIndex, u);
    }
}
