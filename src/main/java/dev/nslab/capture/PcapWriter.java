package dev.nslab.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pcap file with nanosecond time stamps (magic {@code 0xa1b23c4d}, version 2.4), as
 * {@code tcpdump --time-stamp-precision=nano -w} writes one; tcpdump, Wireshark and every
 * libpcap reader open it. Written little-endian: readers learn the byte order from the magic.
 */
public final class PcapWriter implements Closeable {
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    /** The largest frame kept whole, as tcpdump's default snapshot length. */
    public static final int SNAPLEN = 262144;
    private final OutputStream out;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    /** Writes the file header to {@code out} at once; {@link #close()} closes {@code out}. */
    public PcapWriter(OutputStream out, LinkType linkType) {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_NANOSECONDS).putShort((short) 2).putShort((short) 4)
                .putInt(0)          // thiszone: time stamps are UTC
                .putInt(0)          // sigfigs
                .putInt(SNAPLEN).putInt(linkType.pcapValue);
        write(header.array(), header.position());
    }

    /** Creates (or replaces) the file at {@code path}. */
    public static PcapWriter create(Path path, LinkType linkType) {
        try {
            return new PcapWriter(Files.newOutputStream(path), linkType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Appends one frame: its captured bytes (at most {@link #SNAPLEN} kept) and its length on the wire. */
    public void write(long epochNanos, byte[] frame, int originalLength) {
        int kept = Math.min(frame.length, SNAPLEN);
        recordHeader.clear();
        recordHeader.putInt((int) Math.floorDiv(epochNanos, 1_000_000_000L))
                .putInt((int) Math.floorMod(epochNanos, 1_000_000_000L))
                .putInt(kept).putInt(Math.max(originalLength, kept));
        write(recordHeader.array(), 16);
        try {
            out.write(frame, 0, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pcap file: " + e.getMessage(), e);
        }
    }

    /** Hands what is buffered to the file, so that a reader sees every frame written so far. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pcap file: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pcap file: " + e.getMessage(), e);
        }
    }

    private void write(byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pcap file: " + e.getMessage(), e);
        }
    }
}
