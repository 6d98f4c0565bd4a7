package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.NlaCodec.*;
import static dev.nslab.netlink.nl.Rtnl.*;

import java.net.InetAddress;

/** The address attributes nslab writes or reads (IFA_*, linux/if_addr.h), each once. */
public final class Ifa {

    private Ifa() {
    }

    /** The prefix address; on point-to-point links the peer's. IPv6 sends only this one. */
    public static final Nla<InetAddress> ADDRESS = Nla.of(IFA_ADDRESS, "IFA_ADDRESS", NlaCodec.ADDRESS);
    /** The interface's own address. */
    public static final Nla<InetAddress> LOCAL = Nla.of(IFA_LOCAL, "IFA_LOCAL", NlaCodec.ADDRESS);
    public static final Nla<String> LABEL = Nla.of(IFA_LABEL, "IFA_LABEL", STRING);
    public static final Nla<InetAddress> BROADCAST = Nla.of(IFA_BROADCAST, "IFA_BROADCAST", NlaCodec.ADDRESS);
    public static final Nla<byte[]> CACHEINFO = Nla.of(IFA_CACHEINFO, "IFA_CACHEINFO", BYTES);
    /** All IFA_F_* flags; ifa_flags holds only the low 8. */
    public static final Nla<Integer> FLAGS = Nla.of(IFA_FLAGS, "IFA_FLAGS", U32);

    /** The attributes of an RTM_*ADDR message, after its ifaddrmsg. */
    public static final AttrSpace SPACE = AttrSpace.of("IFA", ADDRESS, LOCAL, LABEL, BROADCAST, CACHEINFO, FLAGS);
}
