package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;

/**
 * A rate as tbf and htb take it. A request carries the cell_log its rate table was computed
 * with and cell_align -1 (tc_calc_rtable); the kernel's dumps give both as 0.
 *
 * <pre>
 * struct tc_ratespec {
 *     unsigned char  cell_log;
 *     __u8           linklayer;  // TC_LINKLAYER_*, lower 4 bits
 *     unsigned short overhead;
 *     short          cell_align;
 *     unsigned short mpu;
 *     __u32          rate;       // bytes per second; ~0 when the 64-bit attribute carries it
 * };
 * </pre>
 */
public record TcRateSpec(int cellLog, int linklayer, int overhead, int cellAlign, int mpu, int rate) {

    public static final int SIZE = 12;

    /** The 32-bit field for a 64-bit rate: the rate itself, or ~0 when a *64 attribute must carry it. */
    public static int clip(long rate) {
        return rate >= (1L << 32) ? -1 : (int) rate;
    }

    /** A 64-bit attribute's value when there is one, else this struct's rate. */
    public long rate64(Long wide) {
        return wide != null ? wide : Integer.toUnsignedLong(rate);
    }

    static TcRateSpec read(ByteBuffer hostOrder, int at) {
        return new TcRateSpec(Byte.toUnsignedInt(hostOrder.get(at)), Byte.toUnsignedInt(hostOrder.get(at + 1)),
                Short.toUnsignedInt(hostOrder.getShort(at + 2)), hostOrder.getShort(at + 4),
                Short.toUnsignedInt(hostOrder.getShort(at + 6)), hostOrder.getInt(at + 8));
    }

    void write(ByteBuffer hostOrder, int at) {
        hostOrder.put(at, (byte) cellLog).put(at + 1, (byte) linklayer).putShort(at + 2, (short) overhead)
                .putShort(at + 4, (short) cellAlign).putShort(at + 6, (short) mpu).putInt(at + 8, rate);
    }
}
