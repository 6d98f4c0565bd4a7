package dev.nslab.netlink;

import dev.nslab.model.Addresses;

import dev.nslab.netlink.nl.AddrMessage;
import dev.nslab.netlink.nl.Rtnl;

import java.net.InetAddress;

/** One address as a dump reports it (RTM_NEWADDR). */
public record AddressEntry(int index, int family, InetAddress address, int prefixLen, int flags, int scope) {
    public static AddressEntry of(AddrMessage m) {
        InetAddress a = m.local() != null ? m.local() : m.address();
        return new AddressEntry(m.ifa().index(), m.ifa().family(), a, m.ifa().prefixLen(), m.flags(), m.ifa().scope());
    }

    /** IPv6 duplicate address detection still running: binding to it fails with EADDRNOTAVAIL. */
    public boolean tentative() {
        return (flags & Rtnl.IFA_F_TENTATIVE) != 0;
    }

    public boolean dadFailed() {
        return (flags & Rtnl.IFA_F_DADFAILED) != 0;
    }

    /** "10.0.0.1/24" */
    public String cidr() {
        return Addresses.format(address) + "/" + prefixLen;
    }
}
