package dev.nslab.netlink.nl;

/**
 * The arithmetic tc does before it sends a qdisc or class, done the same way so that the bytes
 * are the same (iproute2 {@code tc/tc_core.c}): transmit times in kernel ticks, and the 256-entry
 * rate tables (TCA_TBF_RTAB, TCA_HTB_RTAB ...) that the kernel still requires although it has
 * computed rates itself since Linux 3.8. C's double-to-unsigned conversions truncate, as here.
 * <p>
 * Ticks: /proc/net/psched reads {@code 000003e8 00000040 000f4240 3b9aca00} on every kernel
 * since 2.6.31 (1000 ns per microsecond, 64 ns per tick: PSCHED_SHIFT 6), so tc's
 * {@code tick_in_usec} is 1000 / 64 = 15.625 and its {@code get_hz()} is 10^9
 * (docs/kernel-facts.md, "Traffic control"). TcSpec reads the file on the test machine to hold
 * this to the truth.
 */
public final class TcCore {

    private TcCore() {
    }

    /** TIME_UNITS_PER_SEC: tc's times are microseconds. */
    public static final double USEC_PER_SEC = 1_000_000;
    /** Kernel ticks (64 ns) per microsecond. */
    public static final double TICKS_PER_USEC = 1000.0 / 64;
    /** What tc's get_hz() reads from /proc/net/psched: the clock's resolution per second. */
    public static final long HZ = 1_000_000_000L;
    /** TC_RTAB_SIZE: 256 u32 entries. */
    public static final int RTAB_SIZE = 1024;
    private static final int ATM_CELL_PAYLOAD = 48;
    private static final int ATM_CELL_SIZE = 53;

    /** C's conversion of a non-negative double to __u32 (truncation), as its 32 bits. */
    static int u32(double value) {
        return (int) (long) value;
    }

    /** tc_core_time2tick: microseconds to kernel ticks. */
    public static int time2tick(int usec) {
        return u32(Integer.toUnsignedLong(usec) * TICKS_PER_USEC);
    }

    /** tc_core_tick2time: kernel ticks to microseconds. */
    public static int tick2time(int ticks) {
        return u32(Integer.toUnsignedLong(ticks) / TICKS_PER_USEC);
    }

    /** tc_calc_xmittime: the ticks {@code size} bytes take at {@code rate} bytes per second. */
    public static int xmittime(long rate, int size) {
        return time2tick(u32(USEC_PER_SEC * ((double) Integer.toUnsignedLong(size) / (double) rate)));
    }

    /** tc_calc_xmitsize: the bytes {@code ticks} carry at {@code rate} bytes per second. */
    public static int xmitsize(long rate, int ticks) {
        return u32(((double) rate * Integer.toUnsignedLong(tick2time(ticks))) / USEC_PER_SEC);
    }

    /** The cell_log tc_calc_rtable picks for {@code mtu} (0: 2047): the smallest with {@code mtu >> cell_log <= 255}. */
    public static int cellLog(int mtu) {
        int m = mtu == 0 ? 2047 : mtu;
        int cellLog = 0;
        while ((m >>> cellLog) > 255) {
            cellLog++;
        }
        return cellLog;
    }

    /**
     * tc_calc_rtable: entry i is the transmit time of a packet of {@code (i + 1) << cellLog} bytes (at
     * least {@code mpu}, in whole ATM cells on an ATM link layer), at the 32-bit {@code rate}.
     */
    public static byte[] rateTable(TcRateSpec rate) {
        byte[] table = new byte[RTAB_SIZE];
        java.nio.ByteBuffer b = NlAlign.hostOrder(table);
        long bps = Integer.toUnsignedLong(rate.rate());
        for (int i = 0; i < 256; i++) {
            int size = (i + 1) << rate.cellLog();
            if (Integer.compareUnsigned(size, rate.mpu()) < 0) {
                size = rate.mpu();
            }
            if ((rate.linklayer() & Tc.TC_LINKLAYER_MASK) == Tc.TC_LINKLAYER_ATM) {
                size = (size / ATM_CELL_PAYLOAD + (size % ATM_CELL_PAYLOAD > 0 ? 1 : 0)) * ATM_CELL_SIZE;
            }
            b.putInt(i * 4, xmittime(bps, size));
        }
        return table;
    }

    /** The ratespec a request sends for {@code rate}: tc_calc_rtable's cell_log and cell_align -1. */
    public static TcRateSpec requestRate(long rate, int mtu, int mpu, int overhead, int linklayer) {
        return new TcRateSpec(cellLog(mtu), linklayer & Tc.TC_LINKLAYER_MASK, overhead, -1, mpu, TcRateSpec.clip(rate));
    }
}
