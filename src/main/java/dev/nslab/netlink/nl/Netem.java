package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The options of a netem qdisc (delay, jitter, loss, duplication, reordering, corruption, rate),
 * as tc sends them and as the kernel reports them. TCA_OPTIONS holds a struct tc_netem_qopt and
 * then attributes. Probabilities are the kernel's: a u32 where 0 is never and 2^32 - 1 always
 * ({@link Chance#percent}). Delays are nanoseconds; {@link Times} says how they are sent.
 *
 * @param delayNs          added delay
 * @param jitterNs         random variation of the delay
 * @param delayCorrelation how much each delay follows the previous one (u32 scale)
 * @param limit            packets queued at most (tc's default 1000)
 * @param loss             random loss and its correlation
 * @param duplicate        duplication and its correlation
 * @param reorder          packets sent at once instead of delayed; its correlation
 * @param gap              with reordering: every gap-th packet is reordered (tc makes it 1)
 * @param corrupt          a random bit flipped; its correlation
 * @param rate             rate limit, or null for none
 * @param ecn              mark ECN-capable packets instead of dropping them
 * @param times            how the delays travel
 */
public record Netem(long delayNs, long jitterNs, int delayCorrelation, int limit, Chance loss, Chance duplicate,
                    Chance reorder, int gap, Chance corrupt, Rate rate, boolean ecn, Times times) implements TcOptions {

    /** How a request carries delay and jitter. The kernel (from 4.15) reads both; its dumps carry both. */
    public enum Times {
        /** TCA_NETEM_LATENCY64 / JITTER64 in nanoseconds, tc_netem_qopt's fields 0: iproute2 6.9 on; no limit. */
        NANOSECONDS,
        /** Kernel ticks (64 ns) in tc_netem_qopt, as iproute2 up to 6.8 (this machine's 6.1) sends them; up to 274 s. */
        TICKS
    }

    /** tc's defaults: no impairment, a queue of 1000 packets, delays in nanoseconds. */
    public static final Netem DEFAULT = new Netem(0, 0, 0, 1000, Chance.NONE, Chance.NONE, Chance.NONE, 0,
            Chance.NONE, null, false, Times.NANOSECONDS);

    /**
     * <pre>
     * struct tc_netem_qopt {
     *     __u32 latency;    // added delay (ticks)
     *     __u32 limit;      // fifo limit (packets)
     *     __u32 loss;       // random packet loss (0=none ~0=100%)
     *     __u32 gap;        // re-ordering gap (0 for none)
     *     __u32 duplicate;  // random packet dup  (0=none ~0=100%)
     *     __u32 jitter;     // random jitter in latency (ticks)
     * };
     * </pre>
     */
    public record Qopt(int latency, int limit, int loss, int gap, int duplicate, int jitter) {
        public static final int SIZE = 24;

        static Qopt read(ByteBuffer b) {
            return new Qopt(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16), b.getInt(20));
        }

        void write(ByteBuffer b) {
            b.putInt(0, latency).putInt(4, limit).putInt(8, loss).putInt(12, gap).putInt(16, duplicate).putInt(20, jitter);
        }
    }

    /**
     * A probability and its correlation, u32-scaled: {@code struct tc_netem_reorder} and
     * {@code struct tc_netem_corrupt} are {@code { __u32 probability; __u32 correlation; }}.
     */
    public record Chance(int probability, int correlation) {
        public static final int SIZE = 8;
        public static final Chance NONE = new Chance(0, 0);

        /** {@code percent}% with {@code correlationPercent}% correlation, scaled as tc's set_percent does. */
        public static Chance percent(double percent, double correlationPercent) {
            return new Chance(scale(percent), scale(correlationPercent));
        }

        /** tc's get_percent: rint(percent / 100 * UINT32_MAX). */
        public static int scale(double percent) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("a percentage from 0 to 100, not " + percent);
            }
            return (int) (long) Math.rint(percent / 100. * 4294967295.0);
        }

        /** The probability as a fraction from 0 to 1, as {@code tc -j} prints it. */
        public double fraction() {
            return Integer.toUnsignedLong(probability) / 4294967295.0;
        }

        static Chance read(ByteBuffer b) {
            return new Chance(b.getInt(0), b.getInt(4));
        }

        void write(ByteBuffer b) {
            b.putInt(0, probability).putInt(4, correlation);
        }
    }

    /** {@code struct tc_netem_corr { __u32 delay_corr; __u32 loss_corr; __u32 dup_corr; }} */
    public record Corr(int delay, int loss, int duplicate) {
        public static final int SIZE = 12;

        static Corr read(ByteBuffer b) {
            return new Corr(b.getInt(0), b.getInt(4), b.getInt(8));
        }

        void write(ByteBuffer b) {
            b.putInt(0, delay).putInt(4, loss).putInt(8, duplicate);
        }
    }

    /**
     * {@code struct tc_netem_rate { __u32 rate; __s32 packet_overhead; __u32 cell_size; __s32 cell_overhead; }};
     * here {@code rate} is the whole 64-bit bytes per second (TCA_NETEM_RATE64 carries it from 4 GB/s).
     */
    public record Rate(long rate, int packetOverhead, int cellSize, int cellOverhead) {
        public static final int SIZE = 16;

        static Rate read(ByteBuffer b) {
            return new Rate(Integer.toUnsignedLong(b.getInt(0)), b.getInt(4), b.getInt(8), b.getInt(12));
        }

        void write(ByteBuffer b) {
            b.putInt(0, TcRateSpec.clip(rate)).putInt(4, packetOverhead).putInt(8, cellSize).putInt(12, cellOverhead);
        }
    }

    public String kind() {
        return "netem";
    }

    /** Equivalent to: {@code tc qdisc add dev X root netem delay D [J [C%]]} */
    public Netem withDelay(long delayNs, long jitterNs, double correlationPercent) {
        return new Netem(delayNs, jitterNs, Chance.scale(correlationPercent), limit, loss, duplicate, reorder, gap,
                corrupt, rate, ecn, times);
    }

    /** Equivalent to: {@code ... netem loss P% [C%]} */
    public Netem withLoss(Chance chance) {
        return new Netem(delayNs, jitterNs, delayCorrelation, limit, chance, duplicate, reorder, gap, corrupt, rate, ecn, times);
    }

    /** Equivalent to: {@code ... netem duplicate P% [C%]} */
    public Netem withDuplicate(Chance chance) {
        return new Netem(delayNs, jitterNs, delayCorrelation, limit, loss, chance, reorder, gap, corrupt, rate, ecn, times);
    }

    /** Equivalent to: {@code ... netem reorder P% [C%]}; as tc does, a gap of 0 becomes 1. */
    public Netem withReorder(Chance chance) {
        int g = chance.probability() != 0 && gap == 0 ? 1 : gap;
        return new Netem(delayNs, jitterNs, delayCorrelation, limit, loss, duplicate, chance, g, corrupt, rate, ecn, times);
    }

    /** Equivalent to: {@code ... netem corrupt P% [C%]} */
    public Netem withCorrupt(Chance chance) {
        return new Netem(delayNs, jitterNs, delayCorrelation, limit, loss, duplicate, reorder, gap, chance, rate, ecn, times);
    }

    /** Equivalent to: {@code ... netem rate R} (bytes per second) */
    public Netem withRate(long bytesPerSecond) {
        return new Netem(delayNs, jitterNs, delayCorrelation, limit, loss, duplicate, reorder, gap, corrupt,
                new Rate(bytesPerSecond, 0, 0, 0), ecn, times);
    }

    /** Equivalent to: {@code ... netem limit N} (packets) */
    public Netem withLimit(int packets) {
        return new Netem(delayNs, jitterNs, delayCorrelation, packets, loss, duplicate, reorder, gap, corrupt, rate, ecn, times);
    }

    /** The same options, their delays sent as {@code form}. */
    public Netem sentAs(Times form) {
        return new Netem(delayNs, jitterNs, delayCorrelation, limit, loss, duplicate, reorder, gap, corrupt, rate, ecn, form);
    }

    /**
     * In tc's order: tc_netem_qopt, LATENCY64, JITTER64, CORR, REORDER, ECN, CORRUPT, RATE64, RATE.
     * CORR goes whenever a correlation is set (tc forgets it when only duplicate's is).
     */
    @Override
    public void writeOptions(NlWriter w) {
        boolean ticks = times == Times.TICKS;
        int options = w.beginNest(Tc.TCA_OPTIONS);
        byte[] q = new byte[Qopt.SIZE];
        new Qopt(ticks ? ticks(delayNs) : 0, limit, loss.probability(), gap, duplicate.probability(),
                ticks ? ticks(jitterNs) : 0).write(NlAlign.hostOrder(q));
        w.putBytes(q);
        if (!ticks && (delayNs != 0 || jitterNs != 0)) {
            w.put(Tca.NETEM_LATENCY64, delayNs);
        }
        if (!ticks && jitterNs != 0) {
            w.put(Tca.NETEM_JITTER64, jitterNs);
        }
        if (delayCorrelation != 0 || loss.correlation() != 0 || duplicate.correlation() != 0
                || reorder.correlation() != 0 || corrupt.correlation() != 0) {
            w.put(Tca.NETEM_CORR, new Corr(delayCorrelation, loss.correlation(), duplicate.correlation()));
        }
        if (reorder.probability() != 0) {
            w.put(Tca.NETEM_REORDER, reorder);
        }
        if (ecn) {
            w.put(Tca.NETEM_ECN, 1);
        }
        if (corrupt.probability() != 0) {
            w.put(Tca.NETEM_CORRUPT, corrupt);
        }
        if (rate != null) {
            if (rate.rate() >= (1L << 32)) {
                w.put(Tca.NETEM_RATE64, rate.rate());
            }
            w.put(Tca.NETEM_RATE, rate);
        }
        w.endNest(options);
    }

    /** tc's get_ticks: microseconds, then kernel ticks; IllegalArgumentException beyond what 32 bits of ticks hold. */
    private static int ticks(long ns) {
        long usec = ns / 1000;
        if (usec > 0xFFFFFFFFL || usec * TcCore.TICKS_PER_USEC >= 0x1p32) {
            throw new IllegalArgumentException(ns + " ns does not fit tc_netem_qopt's ticks: send it as NANOSECONDS");
        }
        return TcCore.time2tick((int) usec);
    }

    /** The options of a netem from TCA_OPTIONS' payload: a tc_netem_qopt, then attributes. */
    static Netem read(byte[] payload) {
        if (payload.length < Qopt.SIZE) {
            throw new NlDecodeException("TCA_OPTIONS of netem: payload of " + payload.length
                    + " bytes is shorter than tc_netem_qopt (" + Qopt.SIZE + ")");
        }
        ByteBuffer b = NlAlign.hostOrder(payload);
        Qopt q = Qopt.read(b);
        Attrs a = Attrs.parse(b, Qopt.SIZE, payload.length - Qopt.SIZE, "TCA_OPTIONS of netem");
        Long latency = Tca.NETEM_LATENCY64.get(a);
        Long jitter = Tca.NETEM_JITTER64.get(a);
        boolean wide = latency != null || jitter != null;
        Corr corr = Tca.NETEM_CORR.get(a);
        Corr c = corr == null ? new Corr(0, 0, 0) : corr;
        Chance reorder = Tca.NETEM_REORDER.get(a);
        Chance corrupt = Tca.NETEM_CORRUPT.get(a);
        Rate rate = Tca.NETEM_RATE.get(a);
        Long rate64 = Tca.NETEM_RATE64.get(a);
        if (rate != null && rate64 != null) {
            rate = new Rate(rate64, rate.packetOverhead(), rate.cellSize(), rate.cellOverhead());
        }
        if (rate != null && rate.rate() == 0) {
            rate = null; // the kernel reports an unlimited rate as a zero struct
        }
        Integer ecn = Tca.NETEM_ECN.get(a);
        long ticksToNs = 64; // the kernel's PSCHED_TICKS2NS
        return new Netem(latency != null ? latency : Integer.toUnsignedLong(q.latency()) * ticksToNs,
                jitter != null ? jitter : Integer.toUnsignedLong(q.jitter()) * ticksToNs, c.delay(), q.limit(),
                new Chance(q.loss(), c.loss()), new Chance(q.duplicate(), c.duplicate()),
                reorder == null ? Chance.NONE : reorder, q.gap(), corrupt == null ? Chance.NONE : corrupt,
                rate, ecn != null && ecn != 0, wide || (q.latency() == 0 && q.jitter() == 0) ? Times.NANOSECONDS : Times.TICKS);
    }
}
