package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.NlaCodec.*;
import static dev.nslab.netlink.nl.Rtnl.*;

/** The attributes of RTM_GETNSID / RTM_NEWNSID (NETNSA_*), after a struct rtgenmsg padded to 4 bytes. */
public final class Netnsa {

    private Netnsa() {
    }

    /** The size of the rtgenmsg in front of the attributes, padded. */
    public static final int HEADER = 4;

    /** A namespace's id as seen from the asking namespace; -1 when it has none. */
    public static final Nla<Integer> NSID = Nla.of(NETNSA_NSID, "NETNSA_NSID", S32);
    /** In a request: the namespace asked about, as an open nsfs fd. */
    public static final Nla<Integer> FD = Nla.of(NETNSA_FD, "NETNSA_FD", U32);

    public static final AttrSpace SPACE = AttrSpace.of("NETNSA", NSID, FD);
}
