package dev.nslab.capture;

/**
 * A bounds-checked, big-endian (network order) view of the captured bytes of a frame. Every
 * read past the end throws {@link Truncated}, which the decoder turns into tcpdump's
 * {@code [|proto]} mark: a short or garbled frame decodes as far as its bytes go, never further.
 */
final class Bytes {
    /** A read past the captured bytes; carries no stack trace (it is control flow, not a bug). */
    static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("truncated", null, false, false);
        }
    }

    private static final Truncated TRUNCATED = new Truncated();
    private final byte[] data;
    private final int length;

    Bytes(byte[] data) {
        this(data, data.length);
    }

    private Bytes(byte[] data, int length) {
        this.data = data;
        this.length = length;
    }

    /** How many bytes were captured (up to the end this view was cut at). */
    int length() {
        return length;
    }

    /**
     * The same bytes, ending at {@code end} at the latest: what a header's length field says is
     * its packet, so that Ethernet padding after it is not read as payload (tcpdump's
     * {@code nd_push_snaplen}).
     */
    Bytes endingAt(long end) {
        return end >= length ? this : new Bytes(data, (int) Math.max(0, end));
    }

    /** Whether {@code count} bytes from {@code offset} were captured. */
    boolean has(int offset, int count) {
        return offset >= 0 && count >= 0 && offset <= length - count;
    }

    /** Throws {@link Truncated} unless {@code count} bytes from {@code offset} were captured. */
    void require(int offset, int count) {
        if (!has(offset, count)) {
            throw TRUNCATED;
        }
    }

    int u8(int offset) {
        require(offset, 1);
        return data[offset] & 0xff;
    }

    int u16(int offset) {
        require(offset, 2);
        return ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
    }

    long u32(int offset) {
        require(offset, 4);
        return ((long) (data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16)
                | ((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff);
    }

    /** A copy of {@code count} bytes from {@code offset}. */
    byte[] slice(int offset, int count) {
        require(offset, count);
        byte[] out = new byte[count];
        System.arraycopy(data, offset, out, 0, count);
        return out;
    }

    /** Whether all {@code count} bytes from {@code offset} are zero (false when not all captured). */
    boolean isZero(int offset, int count) {
        if (!has(offset, count)) {
            return false;
        }
        for (int i = offset; i < offset + count; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
