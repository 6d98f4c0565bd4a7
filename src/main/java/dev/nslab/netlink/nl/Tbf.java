package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The options of a tbf qdisc (token bucket: a rate, a burst, a queue limit), as tc sends them and
 * as the kernel reports them. {@link #of} and {@link #withLimit} compute what tc computes from
 * its words ({@code tc qdisc add dev X root tbf rate R burst B latency L}); the getters give what
 * {@code tc -j qdisc show} prints (rate, burst, lat).
 *
 * @param parms      TCA_TBF_PARMS
 * @param rate64     TCA_TBF_RATE64: the rate when it does not fit 32 bits (from 4 GB/s), else null
 * @param peakrate64 TCA_TBF_PRATE64, likewise
 * @param burst      TCA_TBF_BURST: the bucket in bytes; requests carry it, dumps do not (null)
 * @param peakBurst  TCA_TBF_PBURST: the peak bucket (tc's mtu/minburst); with a peak rate only
 */
public record Tbf(Qopt parms, Long rate64, Long peakrate64, Integer burst, Integer peakBurst) implements TcOptions {

    /**
     * <pre>
     * struct tc_tbf_qopt {
     *     struct tc_ratespec rate;
     *     struct tc_ratespec peakrate;
     *     __u32 limit;   // bytes queued at most
     *     __u32 buffer;  // the bucket, as the ticks it takes to send at rate
     *     __u32 mtu;     // the peak bucket, as ticks at peakrate
     * };
     * </pre>
     */
    public record Qopt(TcRateSpec rate, TcRateSpec peakrate, int limit, int buffer, int mtu) {
        public static final int SIZE = 2 * TcRateSpec.SIZE + 12;

        static Qopt read(ByteBuffer b) {
            return new Qopt(TcRateSpec.read(b, 0), TcRateSpec.read(b, 12), b.getInt(24), b.getInt(28), b.getInt(32));
        }

        void write(ByteBuffer b) {
            rate.write(b, 0);
            peakrate.write(b, 12);
            b.putInt(24, limit).putInt(28, buffer).putInt(32, mtu);
        }
    }

    public String kind() {
        return "tbf";
    }

    /**
     * A tbf of {@code rate} bytes/s and a bucket of {@code burst} bytes, queueing at most what
     * leaves within {@code latencyUsec}.
     * <p>Equivalent to: {@code tc qdisc add dev X root tbf rate R burst B latency L}
     */
    public static Tbf of(long rate, int burst, int latencyUsec) {
        return build(rate, burst, 0, latencyUsec, 0, 0, 0, 0, Tc.TC_LINKLAYER_ETHERNET);
    }

    /** Equivalent to: {@code tc qdisc add dev X root tbf rate R burst B limit BYTES} */
    public static Tbf withLimit(long rate, int burst, int limit) {
        return build(rate, burst, limit, 0, 0, 0, 0, 0, Tc.TC_LINKLAYER_ETHERNET);
    }

    /**
     * Every tc word: {@code limit} (bytes) or {@code latencyUsec} (one of them 0), a peak rate
     * with its bucket {@code mtu} (0 and 0 for none), {@code mpu}, {@code overhead} and the link
     * layer (TC_LINKLAYER_*), exactly as tc's tbf_parse_opt turns them into a request.
     * <p>Equivalent to: {@code tc qdisc add dev X root tbf rate R burst B latency L peakrate P
     * mtu M mpu U overhead O linklayer atm}
     */
    public static Tbf build(long rate, int burst, int limit, int latencyUsec, long peakrate, int mtu,
                            int mpu, int overhead, int linklayer) {
        if (rate <= 0 || burst <= 0 || (limit == 0) == (latencyUsec == 0) || (peakrate > 0 && mtu == 0)) {
            throw new IllegalArgumentException("tbf needs a rate, a burst, either a limit or a latency, and an mtu with a peak rate");
        }
        int lim = limit;
        if (lim == 0) {
            double l = rate * (double) Integer.toUnsignedLong(latencyUsec) / TcCore.USEC_PER_SEC + Integer.toUnsignedLong(burst);
            if (peakrate > 0) {
                double l2 = peakrate * (double) Integer.toUnsignedLong(latencyUsec) / TcCore.USEC_PER_SEC + Integer.toUnsignedLong(mtu);
                l = Math.min(l, l2);
            }
            lim = TcCore.u32(l);
        }
        TcRateSpec r = TcCore.requestRate(rate, mtu, mpu, overhead, linklayer);
        int buffer = TcCore.xmittime(Integer.toUnsignedLong(r.rate()), burst);
        TcRateSpec p = new TcRateSpec(0, 0, 0, 0, 0, 0);
        int mtuTicks = 0;
        if (peakrate > 0) {
            p = TcCore.requestRate(peakrate, mtu, mpu, overhead, linklayer);
            mtuTicks = TcCore.xmittime(Integer.toUnsignedLong(p.rate()), mtu);
        }
        return new Tbf(new Qopt(r, p, lim, buffer, mtuTicks), rate >= (1L << 32) ? rate : null,
                peakrate >= (1L << 32) ? peakrate : null, burst, peakrate > 0 ? mtu : null);
    }

    /** Bytes per second. */
    public long rate() {
        return parms.rate().rate64(rate64);
    }

    /** Bytes per second; 0 without a peak rate. */
    public long peakrate() {
        return parms.peakrate().rate64(peakrate64);
    }

    /** The queue limit in bytes. */
    public int limit() {
        return parms.limit();
    }

    /** The bucket in bytes: TCA_TBF_BURST, or what tc shows from the kernel's ticks. */
    public int burstBytes() {
        return burst != null ? burst : TcCore.xmitsize(rate(), parms.buffer());
    }

    /** The peak bucket in bytes (tc's minburst), or null without a peak rate. */
    public Integer minburst() {
        if (peakrate() == 0) {
            return null;
        }
        return peakBurst != null ? peakBurst : TcCore.xmitsize(peakrate(), parms.mtu());
    }

    /** What tc shows as {@code lat}: how long the limit takes to drain, less the bucket, in microseconds. */
    public long latencyUsec() {
        double latency = TcCore.USEC_PER_SEC * (Integer.toUnsignedLong(limit()) / (double) rate())
                - Integer.toUnsignedLong(TcCore.tick2time(parms.buffer()));
        if (peakrate() > 0) {
            double lat2 = TcCore.USEC_PER_SEC * (Integer.toUnsignedLong(limit()) / (double) peakrate())
                    - Integer.toUnsignedLong(TcCore.tick2time(parms.mtu()));
            latency = Math.max(latency, lat2);
        }
        return (long) latency;
    }

    /** In tc's order: PARMS, BURST, RATE64, RTAB, then PRATE64, PBURST, PTAB with a peak rate. */
    @Override
    public void writeOptions(NlWriter w) {
        int options = w.beginNest(Tc.TCA_OPTIONS);
        w.put(Tca.TBF_PARMS, parms);
        w.put(Tca.TBF_BURST, burstBytes());
        if (rate64 != null) {
            w.put(Tca.TBF_RATE64, rate64);
        }
        w.put(Tca.TBF_RTAB, TcCore.rateTable(parms.rate()));
        if (parms.peakrate().rate() != 0) {
            if (peakrate64 != null) {
                w.put(Tca.TBF_PRATE64, peakrate64);
            }
            w.put(Tca.TBF_PBURST, minburst());
            w.put(Tca.TBF_PTAB, TcCore.rateTable(parms.peakrate()));
        }
        w.endNest(options);
    }

    /** The options of a tbf from its TCA_OPTIONS nest; NlDecodeException when TCA_TBF_PARMS is missing or short. */
    static Tbf read(Attrs options) {
        Qopt parms = Tca.TBF_PARMS.get(options);
        if (parms == null) {
            throw new NlDecodeException("TCA_OPTIONS of tbf: no TCA_TBF_PARMS");
        }
        return new Tbf(parms, Tca.TBF_RATE64.get(options), Tca.TBF_PRATE64.get(options),
                Tca.TBF_BURST.get(options), Tca.TBF_PBURST.get(options));
    }
}
