package dev.nslab.netlink.nl;

import static dev.nslab.netlink.nl.NlaCodec.*;
import static dev.nslab.netlink.nl.Tc.*;

/**
 * The traffic-control attributes nslab writes or reads, each once: the TCA_* of a qdisc or class
 * message, and the options of tbf, netem and htb (linux/pkt_sched.h).
 */
public final class Tca {

    private Tca() {
    }

    /** "tbf", "netem", "htb" ...; sent NUL-terminated, as tc sends it. */
    public static final Nla<String> KIND = Nla.of(TCA_KIND, "TCA_KIND", STRING);
    /** Read by kind: a nest for tbf and htb, a struct tc_netem_qopt and then attributes for netem. */
    public static final Nla<byte[]> OPTIONS = Nla.of(TCA_OPTIONS, "TCA_OPTIONS", BYTES);
    public static final Nla<byte[]> STATS = Nla.of(TCA_STATS, "TCA_STATS", BYTES);
    public static final Nla<byte[]> XSTATS = Nla.of(TCA_XSTATS, "TCA_XSTATS", BYTES);
    public static final Nla<Attrs> STATS2 = Nla.of(TCA_STATS2, "TCA_STATS2", NESTED);
    public static final Nla<Integer> HW_OFFLOAD = Nla.of(TCA_HW_OFFLOAD, "TCA_HW_OFFLOAD", U8);
    public static final Nla<Integer> CHAIN = Nla.of(TCA_CHAIN, "TCA_CHAIN", U32);
    public static final Nla<String> EXT_WARN_MSG = Nla.of(TCA_EXT_WARN_MSG, "TCA_EXT_WARN_MSG", STRING);

    // ---- tbf ---------------------------------------------------------------------------------

    public static final Nla<Tbf.Qopt> TBF_PARMS = Nla.of(TCA_TBF_PARMS, "TCA_TBF_PARMS",
            struct(Tbf.Qopt.SIZE, Tbf.Qopt::read, Tbf.Qopt::write));
    public static final Nla<byte[]> TBF_RTAB = Nla.of(TCA_TBF_RTAB, "TCA_TBF_RTAB", BYTES);
    public static final Nla<byte[]> TBF_PTAB = Nla.of(TCA_TBF_PTAB, "TCA_TBF_PTAB", BYTES);
    public static final Nla<Long> TBF_RATE64 = Nla.of(TCA_TBF_RATE64, "TCA_TBF_RATE64", U64);
    public static final Nla<Long> TBF_PRATE64 = Nla.of(TCA_TBF_PRATE64, "TCA_TBF_PRATE64", U64);
    /** The burst in bytes (the kernel recomputes its ticks from it). */
    public static final Nla<Integer> TBF_BURST = Nla.of(TCA_TBF_BURST, "TCA_TBF_BURST", U32);
    public static final Nla<Integer> TBF_PBURST = Nla.of(TCA_TBF_PBURST, "TCA_TBF_PBURST", U32);

    // ---- netem (after the struct tc_netem_qopt in TCA_OPTIONS) -------------------------------

    public static final Nla<Netem.Corr> NETEM_CORR = Nla.of(TCA_NETEM_CORR, "TCA_NETEM_CORR",
            struct(Netem.Corr.SIZE, Netem.Corr::read, Netem.Corr::write));
    public static final Nla<Netem.Chance> NETEM_REORDER = Nla.of(TCA_NETEM_REORDER, "TCA_NETEM_REORDER",
            struct(Netem.Chance.SIZE, Netem.Chance::read, Netem.Chance::write));
    public static final Nla<Netem.Chance> NETEM_CORRUPT = Nla.of(TCA_NETEM_CORRUPT, "TCA_NETEM_CORRUPT",
            struct(Netem.Chance.SIZE, Netem.Chance::read, Netem.Chance::write));
    public static final Nla<Attrs> NETEM_LOSS = Nla.of(TCA_NETEM_LOSS, "TCA_NETEM_LOSS", NESTED);
    public static final Nla<Netem.Rate> NETEM_RATE = Nla.of(TCA_NETEM_RATE, "TCA_NETEM_RATE",
            struct(Netem.Rate.SIZE, Netem.Rate::read, Netem.Rate::write));
    public static final Nla<Integer> NETEM_ECN = Nla.of(TCA_NETEM_ECN, "TCA_NETEM_ECN", U32);
    public static final Nla<Long> NETEM_RATE64 = Nla.of(TCA_NETEM_RATE64, "TCA_NETEM_RATE64", U64);
    /** Nanoseconds (s64); the kernel reads it before the ticks in tc_netem_qopt. */
    public static final Nla<Long> NETEM_LATENCY64 = Nla.of(TCA_NETEM_LATENCY64, "TCA_NETEM_LATENCY64", U64);
    public static final Nla<Long> NETEM_JITTER64 = Nla.of(TCA_NETEM_JITTER64, "TCA_NETEM_JITTER64", U64);
    public static final Nla<byte[]> NETEM_DELAY_DIST = Nla.of(TCA_NETEM_DELAY_DIST, "TCA_NETEM_DELAY_DIST", BYTES);
    public static final Nla<byte[]> NETEM_SLOT = Nla.of(TCA_NETEM_SLOT, "TCA_NETEM_SLOT", BYTES);
    public static final Nla<Long> NETEM_PRNG_SEED = Nla.of(TCA_NETEM_PRNG_SEED, "TCA_NETEM_PRNG_SEED", U64);

    // ---- htb ---------------------------------------------------------------------------------

    public static final Nla<HtbClass.Opt> HTB_PARMS = Nla.of(TCA_HTB_PARMS, "TCA_HTB_PARMS",
            struct(HtbClass.Opt.SIZE, HtbClass.Opt::read, HtbClass.Opt::write));
    public static final Nla<Htb.Glob> HTB_INIT = Nla.of(TCA_HTB_INIT, "TCA_HTB_INIT",
            struct(Htb.Glob.SIZE, Htb.Glob::read, Htb.Glob::write));
    public static final Nla<byte[]> HTB_CTAB = Nla.of(TCA_HTB_CTAB, "TCA_HTB_CTAB", BYTES);
    public static final Nla<byte[]> HTB_RTAB = Nla.of(TCA_HTB_RTAB, "TCA_HTB_RTAB", BYTES);
    public static final Nla<Integer> HTB_DIRECT_QLEN = Nla.of(TCA_HTB_DIRECT_QLEN, "TCA_HTB_DIRECT_QLEN", U32);
    public static final Nla<Long> HTB_RATE64 = Nla.of(TCA_HTB_RATE64, "TCA_HTB_RATE64", U64);
    public static final Nla<Long> HTB_CEIL64 = Nla.of(TCA_HTB_CEIL64, "TCA_HTB_CEIL64", U64);
    public static final Nla<byte[]> HTB_OFFLOAD = Nla.of(TCA_HTB_OFFLOAD, "TCA_HTB_OFFLOAD", BYTES);

    // ---- spaces ------------------------------------------------------------------------------

    static final AttrSpace TBF = AttrSpace.of("TCA_TBF", TBF_PARMS, TBF_RTAB, TBF_PTAB, TBF_RATE64, TBF_PRATE64,
            TBF_BURST, TBF_PBURST);
    static final AttrSpace NETEM = AttrSpace.of("TCA_NETEM", NETEM_CORR, NETEM_REORDER, NETEM_CORRUPT, NETEM_LOSS,
            NETEM_RATE, NETEM_ECN, NETEM_RATE64, NETEM_LATENCY64, NETEM_JITTER64, NETEM_DELAY_DIST, NETEM_SLOT,
            NETEM_PRNG_SEED).after(Netem.Qopt.SIZE);
    static final AttrSpace HTB = AttrSpace.of("TCA_HTB", HTB_PARMS, HTB_INIT, HTB_CTAB, HTB_RTAB, HTB_DIRECT_QLEN,
            HTB_RATE64, HTB_CEIL64, HTB_OFFLOAD);
    /** The attributes of an RTM_*QDISC or RTM_*TCLASS message, after its tcmsg. */
    public static final AttrSpace SPACE = AttrSpace.of("TCA", KIND, STATS, XSTATS, STATS2, HW_OFFLOAD, CHAIN, EXT_WARN_MSG)
            .nest(OPTIONS, siblings -> switch (String.valueOf(KIND.get(siblings))) {
                case "tbf" -> TBF;
                case "netem" -> NETEM;
                case "htb" -> HTB;
                default -> null;
            });
}
