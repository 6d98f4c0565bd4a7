package dev.nslab.plan;

import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Veth;

/**
 * Why a declared interface is not up, in the words {@code up} (when its wait gives up) and
 * {@code doctor} both use, so a student meets one sentence for one cause. Each sentence names
 * the interface as {@code NAME (NAMESPACE)}; the caller puts the script line in front.
 * <p>
 * A link the script declares {@code down()} is down on purpose: it is named with the line that
 * says so, never told to be set up. A veth end has carrier only while both ends are up
 * (docs/kernel-facts.md, "Links").
 */
public final class LinkHealth {

    private LinkHealth() {
    }

    /** What is seen of one interface in the kernel. */
    public record Seen(boolean up, boolean carrier, String operstate) {
    }

    /** {@code eth0 (h1)}: an interface as every finding names it. */
    public static String name(LinkAttrs end) {
        return end.name() + " (" + end.namespace() + ")";
    }

    /** The other end of a veth, or null for any other kind of link. */
    public static LinkAttrs peerOf(Link link, LinkAttrs end) {
        if (!(link instanceof Veth v)) {
            return null;
        }
        return v.attrs() == end ? v.peer() : v.attrs();
    }

    /** True when the script means the end to pass traffic: it and, for a veth, its peer are declared up. */
    public static boolean meantToCarry(Link link, LinkAttrs end) {
        LinkAttrs peer = peerOf(link, end);
        return end.up() && (peer == null || peer.up());
    }

    public static String missing(LinkAttrs end) {
        return name(end) + " does not exist";
    }

    /** An end seen down: as the script declares, or to be set up. */
    public static String down(LinkAttrs end) {
        return end.up()
                ? name(end) + " is down: set it up (" + IpText.linkUp(end.namespace(), end.name()) + ")"
                : name(end) + " is down, as line " + end.location().line() + " declares";
    }

    /**
     * A veth end that is up without carrier, and why: its peer is missing, down (declared so, or
     * to be set up), or up, and the kernel has not yet caught up.
     *
     * @param peerSeen what is seen of the peer, null when it does not exist
     */
    public static String noCarrier(LinkAttrs end, LinkAttrs peer, Seen peerSeen) {
        String p = name(peer);
        if (peerSeen == null) {
            return name(end) + " has no carrier: its peer " + p + " does not exist";
        }
        if (!peerSeen.up()) {
            return name(end) + " has no carrier: its peer " + p
                    + (peer.up() ? " is down: set it up" : " is down, as line " + peer.location().line() + " declares");
        }
        return name(end) + " has no carrier although its peer " + p + " is up: the kernel has not caught up yet";
    }

    /** A veth end with carrier whose operstate is not yet UP: IPv6 does not start on it until it is. */
    public static String notYetOperUp(LinkAttrs end, String operstate) {
        return name(end) + " has carrier but is " + operstate + ", not yet UP";
    }
}
