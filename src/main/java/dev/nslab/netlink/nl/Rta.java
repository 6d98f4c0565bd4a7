package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.NlaCodec.*;
import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.InetAddress;

/** The route attributes nslab writes or reads (RTA_*, linux/rtnetlink.h), each once. */
public final class Rta {

    private Rta() {
    }

    public static final Nla<InetAddress> DST = Nla.of(RTA_DST, "RTA_DST", ADDRESS);
    public static final Nla<InetAddress> SRC = Nla.of(RTA_SRC, "RTA_SRC", ADDRESS);
    public static final Nla<Integer> IIF = Nla.of(RTA_IIF, "RTA_IIF", U32);
    public static final Nla<Integer> OIF = Nla.of(RTA_OIF, "RTA_OIF", U32);
    public static final Nla<InetAddress> GATEWAY = Nla.of(RTA_GATEWAY, "RTA_GATEWAY", ADDRESS);
    /** The metric ({@code ip route ... metric N}). */
    public static final Nla<Integer> PRIORITY = Nla.of(RTA_PRIORITY, "RTA_PRIORITY", U32);
    public static final Nla<InetAddress> PREFSRC = Nla.of(RTA_PREFSRC, "RTA_PREFSRC", ADDRESS);
    /** The table id; rtm_table holds only 8 bits. */
    public static final Nla<Integer> TABLE = Nla.of(RTA_TABLE, "RTA_TABLE", U32);

    /** The attributes of an RTM_*ROUTE message, after its rtmsg. */
    public static final AttrSpace SPACE = AttrSpace.of("RTA", DST, SRC, IIF, OIF, GATEWAY, PRIORITY, PREFSRC, TABLE);
}
