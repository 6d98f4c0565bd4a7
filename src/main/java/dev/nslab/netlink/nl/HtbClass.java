package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The options of an htb class: a guaranteed rate, a ceiling it may borrow up to, and their
 * buckets. {@link #of} computes what tc computes from its words; the getters give what
 * {@code tc class show} prints.
 *
 * @param parms  TCA_HTB_PARMS
 * @param rate64 TCA_HTB_RATE64: the rate when it does not fit 32 bits, else null
 * @param ceil64 TCA_HTB_CEIL64, likewise
 */
public record HtbClass(Opt parms, Long rate64, Long ceil64) implements TcOptions {

    /** tc's default mtu for the rate tables and the default buckets. */
    public static final int DEFAULT_MTU = 1600;

    /**
     * <pre>
     * struct tc_htb_opt {
     *     struct tc_ratespec rate;
     *     struct tc_ratespec ceil;
     *     __u32 buffer;   // the rate's bucket, as ticks at rate
     *     __u32 cbuffer;  // the ceiling's bucket, as ticks at ceil
     *     __u32 quantum;
     *     __u32 level;    // out only
     *     __u32 prio;
     * };
     * </pre>
     */
    public record Opt(TcRateSpec rate, TcRateSpec ceil, int buffer, int cbuffer, int quantum, int level, int prio) {
        public static final int SIZE = 2 * TcRateSpec.SIZE + 20;

        static Opt read(ByteBuffer b) {
            return new Opt(TcRateSpec.read(b, 0), TcRateSpec.read(b, 12), b.getInt(24), b.getInt(28), b.getInt(32),
                    b.getInt(36), b.getInt(40));
        }

        void write(ByteBuffer b) {
            rate.write(b, 0);
            ceil.write(b, 12);
            b.putInt(24, buffer).putInt(28, cbuffer).putInt(32, quantum).putInt(36, level).putInt(40, prio);
        }
    }

    public String kind() {
        return "htb";
    }

    /**
     * A class of {@code rate} bytes/s that may borrow up to {@code ceil} (0: the rate), with tc's
     * default buckets (rate / HZ + mtu bytes).
     * <p>Equivalent to: {@code tc class add dev X parent 1: classid 1:N htb rate R [ceil C]}
     */
    public static HtbClass of(long rate, long ceil) {
        return build(rate, ceil, 0, 0, 0, 0, DEFAULT_MTU, 0, 0, Tc.TC_LINKLAYER_ETHERNET);
    }

    /**
     * Every tc word, as tc's htb_parse_class_opt turns them into a request; {@code burst} and
     * {@code cburst} 0 for tc's defaults.
     * <p>Equivalent to: {@code tc class add ... htb rate R ceil C burst B cburst CB prio P quantum Q
     * mtu M mpu U overhead O linklayer atm}
     */
    public static HtbClass build(long rate, long ceil, int burst, int cburst, int prio, int quantum, int mtu,
                                 int mpu, int overhead, int linklayer) {
        if (rate <= 0) {
            throw new IllegalArgumentException("an htb class needs a rate");
        }
        long c = ceil == 0 ? rate : ceil;
        int buffer = burst != 0 ? burst : (int) (rate / TcCore.HZ + mtu);
        int cbuffer = cburst != 0 ? cburst : (int) (c / TcCore.HZ + mtu);
        TcRateSpec r = TcCore.requestRate(rate, mtu, mpu, overhead, linklayer);
        TcRateSpec cs = TcCore.requestRate(c, mtu, mpu, overhead, linklayer);
        Opt opt = new Opt(r, cs, TcCore.xmittime(rate, buffer), TcCore.xmittime(c, cbuffer), quantum, 0, prio);
        return new HtbClass(opt, rate >= (1L << 32) ? rate : null, c >= (1L << 32) ? c : null);
    }

    /** Bytes per second guaranteed. */
    public long rate() {
        return parms.rate().rate64(rate64);
    }

    /** Bytes per second at most. */
    public long ceil() {
        return parms.ceil().rate64(ceil64);
    }

    /** The rate's bucket in bytes, as tc shows it. */
    public int burst() {
        return TcCore.xmitsize(rate(), parms.buffer());
    }

    /** The ceiling's bucket in bytes, as tc shows it. */
    public int cburst() {
        return TcCore.xmitsize(ceil(), parms.cbuffer());
    }

    /** In tc's order: RATE64, CEIL64, PARMS, RTAB, CTAB. */
    @Override
    public void writeOptions(NlWriter w) {
        int options = w.beginNest(Tc.TCA_OPTIONS);
        if (rate64 != null) {
            w.put(Tca.HTB_RATE64, rate64);
        }
        if (ceil64 != null) {
            w.put(Tca.HTB_CEIL64, ceil64);
        }
        w.put(Tca.HTB_PARMS, parms);
        w.put(Tca.HTB_RTAB, TcCore.rateTable(parms.rate()));
        w.put(Tca.HTB_CTAB, TcCore.rateTable(parms.ceil()));
        w.endNest(options);
    }

    static HtbClass read(Attrs options) {
        Opt parms = Tca.HTB_PARMS.get(options);
        if (parms == null) {
            throw new NlDecodeException("TCA_OPTIONS of an htb class: no TCA_HTB_PARMS");
        }
        return new HtbClass(parms, Tca.HTB_RATE64.get(options), Tca.HTB_CEIL64.get(options));
    }
}
