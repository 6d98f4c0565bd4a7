package dev.nslab.netlink.nl;

/**
 * Traffic-control constants under their kernel names: TCA_* of {@code linux/rtnetlink.h}, and
 * from {@code linux/pkt_sched.h} the handles and the options of tbf, netem and htb (kernel 6.18).
 * The message types (RTM_NEWQDISC ...) are in {@link Rtnl} with the others.
 */
public final class Tc {

    private Tc() {
    }

    // ---- linux/rtnetlink.h: attributes after a struct tcmsg ---------------------------------

    public static final int TCA_UNSPEC = 0;
    public static final int TCA_KIND = 1;
    public static final int TCA_OPTIONS = 2;
    public static final int TCA_STATS = 3;
    public static final int TCA_XSTATS = 4;
    public static final int TCA_RATE = 5;
    public static final int TCA_FCNT = 6;
    public static final int TCA_STATS2 = 7;
    public static final int TCA_STAB = 8;
    public static final int TCA_PAD = 9;
    public static final int TCA_DUMP_INVISIBLE = 10;
    public static final int TCA_CHAIN = 11;
    public static final int TCA_HW_OFFLOAD = 12;
    public static final int TCA_INGRESS_BLOCK = 13;
    public static final int TCA_EGRESS_BLOCK = 14;
    public static final int TCA_DUMP_FLAGS = 15;
    public static final int TCA_EXT_WARN_MSG = 16;

    // ---- handles: major:minor in one u32 -----------------------------------------------------

    public static final int TC_H_MAJ_MASK = 0xFFFF0000;
    public static final int TC_H_MIN_MASK = 0x0000FFFF;
    public static final int TC_H_UNSPEC = 0;
    /** The parent of a device's root qdisc (egress). */
    public static final int TC_H_ROOT = 0xFFFFFFFF;
    public static final int TC_H_INGRESS = 0xFFFFFFF1;

    // ---- struct tc_ratespec.linklayer --------------------------------------------------------

    public static final int TC_LINKLAYER_UNAWARE = 0;
    public static final int TC_LINKLAYER_ETHERNET = 1;
    public static final int TC_LINKLAYER_ATM = 2;
    public static final int TC_LINKLAYER_MASK = 0x0F;

    // ---- tbf ---------------------------------------------------------------------------------

    public static final int TCA_TBF_UNSPEC = 0;
    public static final int TCA_TBF_PARMS = 1;
    public static final int TCA_TBF_RTAB = 2;
    public static final int TCA_TBF_PTAB = 3;
    public static final int TCA_TBF_RATE64 = 4;
    public static final int TCA_TBF_PRATE64 = 5;
    public static final int TCA_TBF_BURST = 6;
    public static final int TCA_TBF_PBURST = 7;
    public static final int TCA_TBF_PAD = 8;

    // ---- netem: TCA_OPTIONS holds a struct tc_netem_qopt, then these ------------------------

    public static final int TCA_NETEM_UNSPEC = 0;
    public static final int TCA_NETEM_CORR = 1;
    public static final int TCA_NETEM_DELAY_DIST = 2;
    public static final int TCA_NETEM_REORDER = 3;
    public static final int TCA_NETEM_CORRUPT = 4;
    public static final int TCA_NETEM_LOSS = 5;
    public static final int TCA_NETEM_RATE = 6;
    public static final int TCA_NETEM_ECN = 7;
    public static final int TCA_NETEM_RATE64 = 8;
    public static final int TCA_NETEM_PAD = 9;
    public static final int TCA_NETEM_LATENCY64 = 10;
    public static final int TCA_NETEM_JITTER64 = 11;
    public static final int TCA_NETEM_SLOT = 12;
    public static final int TCA_NETEM_SLOT_DIST = 13;
    public static final int TCA_NETEM_PRNG_SEED = 14;

    public static final int NETEM_LOSS_UNSPEC = 0;
    public static final int NETEM_LOSS_GI = 1;
    public static final int NETEM_LOSS_GE = 2;

    // ---- htb ---------------------------------------------------------------------------------

    public static final int TCA_HTB_UNSPEC = 0;
    public static final int TCA_HTB_PARMS = 1;
    public static final int TCA_HTB_INIT = 2;
    public static final int TCA_HTB_CTAB = 3;
    public static final int TCA_HTB_RTAB = 4;
    public static final int TCA_HTB_DIRECT_QLEN = 5;
    public static final int TCA_HTB_RATE64 = 6;
    public static final int TCA_HTB_CEIL64 = 7;
    public static final int TCA_HTB_PAD = 8;
    public static final int TCA_HTB_OFFLOAD = 9;

    /** TC_HTB_PROTOVER: the version a request's tc_htb_glob carries. */
    public static final int TC_HTB_PROTOVER = 3;

    // ---- handles -----------------------------------------------------------------------------

    /** TC_H_MAKE: major (the high 16 bits, as written before the colon) and minor. */
    public static int handle(int major, int minor) {
        return (major << 16) | (minor & TC_H_MIN_MASK);
    }

    /** A handle as tc prints it: {@code root}, {@code 1:}, {@code 1:10}, {@code 8001:} (hexadecimal). */
    public static String handleName(int handle) {
        if (handle == TC_H_ROOT) {
            return "root";
        }
        if (handle == TC_H_INGRESS) {
            return "ingress";
        }
        int minor = handle & TC_H_MIN_MASK;
        return Integer.toHexString(handle >>> 16) + ":" + (minor == 0 ? "" : Integer.toHexString(minor));
    }
}
