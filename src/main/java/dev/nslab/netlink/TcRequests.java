package dev.nslab.netlink;

import dev.nslab.netlink.nl.Htb;
import dev.nslab.netlink.nl.HtbClass;
import dev.nslab.netlink.nl.Netem;
import dev.nslab.netlink.nl.Tbf;
import dev.nslab.netlink.nl.Tc;
import dev.nslab.netlink.nl.Tca;
import dev.nslab.netlink.nl.TcMsg;
import dev.nslab.netlink.nl.TcOptions;

import static dev.nslab.netlink.nl.Rtnl.*;

/**
 * The traffic-control requests nslab sends (qdiscs and classes), one static factory per
 * operation, each carrying the {@code tc} command it equals. Building does no I/O. A device is
 * named by its ifindex: struct tcmsg has no name.
 */
public final class TcRequests {
    private static final int REQ = NLM_F_REQUEST | NLM_F_ACK;

    private TcRequests() {
    }

    /** {@code tc qdisc add dev DEV (root | parent P) [handle H] KIND OPTIONS}: fails with EEXIST when one is there. */
    public static Request qdiscAdd(LinkRef dev, int parent, int handle, TcOptions options) {
        return qdisc("add", NLM_F_CREATE | NLM_F_EXCL, dev, parent, handle, options);
    }

    /** {@code tc qdisc replace dev DEV (root | parent P) [handle H] KIND OPTIONS}: adds, or replaces what is there. */
    public static Request qdiscReplace(LinkRef dev, int parent, int handle, TcOptions options) {
        return qdisc("replace", NLM_F_CREATE | NLM_F_REPLACE, dev, parent, handle, options);
    }

    /** {@code tc qdisc change dev DEV (root | parent P) [handle H] KIND OPTIONS}: changes the options of the one there. */
    public static Request qdiscChange(LinkRef dev, int parent, int handle, TcOptions options) {
        return qdisc("change", 0, dev, parent, handle, options);
    }

    /** {@code tc qdisc del dev DEV (root | parent P) [handle H]}: the device gets its default qdisc back. */
    public static Request qdiscDel(LinkRef dev, int parent, int handle) {
        return tc(RTM_DELQDISC, 0, "qdisc del", dev, parent, handle, null);
    }

    /** {@code tc qdisc show [dev DEV]} as a dump request (the kernel sends every device's; the handle filters). */
    public static Request qdiscDump(LinkRef dev) {
        return dump(RTM_GETQDISC, "qdisc show", dev);
    }

    /** {@code tc class add dev DEV parent P classid C KIND OPTIONS} */
    public static Request classAdd(LinkRef dev, int parent, int classid, TcOptions options) {
        return tc(RTM_NEWTCLASS, NLM_F_CREATE | NLM_F_EXCL, "class add", dev, parent, classid, options);
    }

    /** {@code tc class replace dev DEV parent P classid C KIND OPTIONS} */
    public static Request classReplace(LinkRef dev, int parent, int classid, TcOptions options) {
        return tc(RTM_NEWTCLASS, NLM_F_CREATE | NLM_F_REPLACE, "class replace", dev, parent, classid, options);
    }

    /** {@code tc class change dev DEV parent P classid C KIND OPTIONS} */
    public static Request classChange(LinkRef dev, int parent, int classid, TcOptions options) {
        return tc(RTM_NEWTCLASS, 0, "class change", dev, parent, classid, options);
    }

    /** {@code tc class del dev DEV classid C} */
    public static Request classDel(LinkRef dev, int classid) {
        return tc(RTM_DELTCLASS, 0, "class del", dev, Tc.TC_H_UNSPEC, classid, null);
    }

    /** {@code tc class show dev DEV} as a dump request. */
    public static Request classDump(LinkRef dev) {
        return dump(RTM_GETTCLASS, "class show", dev);
    }

    private static Request qdisc(String verb, int flags, LinkRef dev, int parent, int handle, TcOptions options) {
        return tc(RTM_NEWQDISC, flags, "qdisc " + verb, dev, parent, handle, options);
    }

    private static Request tc(int type, int flags, String verb, LinkRef dev, int parent, int handle, TcOptions options) {
        requireIndex(dev);
        boolean isClass = type == RTM_NEWTCLASS || type == RTM_DELTCLASS;
        String command = verb + " dev " + dev + (parent == Tc.TC_H_ROOT ? " root"
                : parent == Tc.TC_H_UNSPEC ? "" : " parent " + Tc.handleName(parent))
                + (handle == 0 ? "" : (isClass ? " classid " : " handle ") + Tc.handleName(handle))
                + (options == null ? "" : " " + options.kind() + words(options));
        return new Request(command, (w, seq) -> {
            int m = w.beginMessage(type, REQ | flags, seq, 0);
            w.put(new TcMsg(AF_UNSPEC, dev.index(), handle, parent, 0));
            if (options != null) {
                w.put(Tca.KIND, options.kind());
                options.writeOptions(w);
            }
            w.endMessage(m);
        });
    }

    private static Request dump(int type, String command, LinkRef dev) {
        return new Request(command + (dev == null ? "" : " dev " + dev), (w, seq) -> {
            int m = w.beginMessage(type, NLM_F_REQUEST | NLM_F_DUMP, seq, 0);
            w.put(new TcMsg(AF_UNSPEC, dev == null ? 0 : dev.index(), 0, 0, 0));
            w.endMessage(m);
        });
    }

    private static void requireIndex(LinkRef dev) {
        if (dev.index() <= 0) {
            throw new IllegalArgumentException("traffic control names a device by its ifindex: " + dev);
        }
    }

    /** The options in tc's words, exact units (bits/s, bytes, microseconds), for messages and logs. */
    private static String words(TcOptions o) {
        StringBuilder s = new StringBuilder();
        if (o instanceof Tbf t) {
            s.append(" rate ").append(t.rate() * 8).append("bit burst ").append(t.burstBytes()).append("b limit ")
                    .append(Integer.toUnsignedLong(t.limit())).append('b');
            if (t.peakrate() > 0) {
                s.append(" peakrate ").append(t.peakrate() * 8).append("bit mtu ").append(t.minburst()).append('b');
            }
        } else if (o instanceof Netem n) {
            if (n.delayNs() != 0 || n.jitterNs() != 0) {
                s.append(" delay ").append(n.delayNs() / 1000).append("us");
                if (n.jitterNs() != 0) {
                    s.append(' ').append(n.jitterNs() / 1000).append("us");
                }
            }
            chance(s, "loss", n.loss());
            chance(s, "duplicate", n.duplicate());
            chance(s, "reorder", n.reorder());
            chance(s, "corrupt", n.corrupt());
            if (n.rate() != null) {
                s.append(" rate ").append(n.rate().rate() * 8).append("bit");
            }
            s.append(" limit ").append(n.limit());
        } else if (o instanceof Htb h) {
            s.append(" default ").append(Integer.toHexString(h.defaultClass())).append(" r2q ").append(h.rate2quantum());
        } else if (o instanceof HtbClass c) {
            s.append(" rate ").append(c.rate() * 8).append("bit ceil ").append(c.ceil() * 8).append("bit prio ")
                    .append(c.parms().prio());
        }
        return s.toString();
    }

    private static void chance(StringBuilder s, String word, Netem.Chance c) {
        if (c.probability() != 0) {
            s.append(' ').append(word).append(' ').append(String.format(java.util.Locale.ROOT, "%.6g%%", c.fraction() * 100));
        }
    }
}
