package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * The options of an htb qdisc, the root of a tree of {@link HtbClass}es.
 * <p>Equivalent to: {@code tc qdisc add dev X root handle 1: htb [default N] [r2q N] [direct_qlen N]}
 *
 * @param rate2quantum  r2q: a class's quantum is its rate divided by this (tc's default 10)
 * @param defaultClass  the minor number of the class unclassified traffic goes to (0: sent unshaped)
 * @param directPackets in dumps: the packets sent unshaped so far; 0 in requests
 * @param directQlen    TCA_HTB_DIRECT_QLEN: the queue of unshaped traffic, or null for the device's
 */
public record Htb(int rate2quantum, int defaultClass, int directPackets, Integer directQlen) implements TcOptions {

    /**
     * <pre>
     * struct tc_htb_glob {
     *     __u32 version;       // TC_HTB_PROTOVER (3) in a request; the kernel reports its own
     *     __u32 rate2quantum;  // bps->quantum divisor
     *     __u32 defcls;        // default class number
     *     __u32 debug;         // debug flags
     *     __u32 direct_pkts;   // count of non shaped packets
     * };
     * </pre>
     */
    public record Glob(int version, int rate2quantum, int defcls, int debug, int directPkts) {
        public static final int SIZE = 20;

        static Glob read(ByteBuffer b) {
            return new Glob(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16));
        }

        void write(ByteBuffer b) {
            b.putInt(0, version).putInt(4, rate2quantum).putInt(8, defcls).putInt(12, debug).putInt(16, directPkts);
        }
    }

    /** An htb sending unclassified traffic to class {@code defaultClass} (its minor number), with tc's r2q of 10. */
    public static Htb of(int defaultClass) {
        return new Htb(10, defaultClass, 0, null);
    }

    public String kind() {
        return "htb";
    }

    @Override
    public void writeOptions(NlWriter w) {
        int options = w.beginNest(Tc.TCA_OPTIONS);
        w.put(Tca.HTB_INIT, new Glob(Tc.TC_HTB_PROTOVER, rate2quantum, defaultClass, 0, directPackets));
        if (directQlen != null) {
            w.put(Tca.HTB_DIRECT_QLEN, directQlen);
        }
        w.endNest(options);
    }

    static Htb read(Attrs options) {
        Glob g = Tca.HTB_INIT.get(options);
        if (g == null) {
            throw new NlDecodeException("TCA_OPTIONS of htb: no TCA_HTB_INIT");
        }
        return new Htb(g.rate2quantum(), g.defcls(), g.directPkts(), Tca.HTB_DIRECT_QLEN.get(options));
    }
}
