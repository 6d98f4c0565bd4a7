package dev.nslab.netlink;

import dev.nslab.netlink.nl.Tc;
import dev.nslab.netlink.nl.TcMessage;
import dev.nslab.netlink.nl.TcOptions;

/**
 * One qdisc or class as a dump reports it (RTM_NEWQDISC, RTM_NEWTCLASS): the fields
 * {@code tc -j qdisc show} and {@code tc class show} print first, and its options by kind.
 *
 * @param isClass a class (of an htb), as opposed to a qdisc
 * @param handle  major:minor (a qdisc's minor is 0); see {@link Tc#handleName}
 * @param parent  {@link Tc#TC_H_ROOT} for a device's root, else the class it hangs from
 * @param options null when the kernel reports none (noqueue)
 */
public record TcEntry(boolean isClass, int ifindex, int handle, int parent, String kind, TcOptions options) {

    public static TcEntry of(TcMessage m) {
        return new TcEntry(m.isClass(), m.tcm().ifindex(), m.tcm().handle(), m.tcm().parent(), m.kind(), m.options());
    }

    /** At the device's root (tc's {@code "root": true}). */
    public boolean isRoot() {
        return parent == Tc.TC_H_ROOT;
    }

    /** As tc prints it: {@code 8001:}, {@code 1:10}. */
    public String handleName() {
        return Tc.handleName(handle);
    }
}
