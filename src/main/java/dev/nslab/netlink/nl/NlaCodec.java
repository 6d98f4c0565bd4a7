package dev.nslab.netlink.nl;

import java.net.InetAddress;

/**
 * How one kind of attribute payload is read and written: the codec part of an {@link Nla}.
 * Reading checks the length and names the attribute when it is wrong; writing goes through
 * {@link NlWriter}, which owns alignment and byte order.
 */
public interface NlaCodec<V> {

    V read(Attr attr, String name);

    void write(NlWriter w, int type, V value);

    /** An unsigned byte. */
    NlaCodec<Integer> U8 = of(Attr::u8, NlWriter::attrU8);
    /** A host-order unsigned 16-bit value. */
    NlaCodec<Integer> U16 = of(Attr::u16, NlWriter::attrU16);
    /** A host-order 32-bit value (unsigned in C: use {@link Integer#toUnsignedLong} from 2^31). */
    NlaCodec<Integer> U32 = of(Attr::u32, NlWriter::attrU32);
    /** A host-order signed 32-bit value (an nsid: -1 is "none"). */
    NlaCodec<Integer> S32 = of(Attr::s32, NlWriter::attrU32);
    /** A host-order 64-bit value (rates above 4 GB/s, nanosecond times). */
    NlaCodec<Long> U64 = of(Attr::u64, NlWriter::attrU64);
    /** A network-order 16-bit value (IFLA_VXLAN_PORT). */
    NlaCodec<Integer> BE16 = of(Attr::u16BigEndian, NlWriter::attrU16BigEndian);
    /** Text sent NUL-terminated, as iproute2 sends IFLA_IFNAME; read up to the first NUL. */
    NlaCodec<String> STRING = of(Attr::string, NlWriter::attrString);
    /** Text sent without a NUL, as iproute2 sends IFLA_INFO_KIND and IFLA_IFALIAS; read up to the first NUL. */
    NlaCodec<String> STRING_NO_NUL = of(Attr::string, NlWriter::attrStringNoNul);
    /** An IPv4 or IPv6 address: 4 or 16 bytes, network order. */
    NlaCodec<InetAddress> ADDRESS = of(Attr::inetAddress, NlWriter::attrAddress);
    /** Bytes as they are (a MAC address, a table). */
    NlaCodec<byte[]> BYTES = of((a, name) -> a.value(), NlWriter::attr);
    /** Attributes nested inside (NLA_F_NESTED is neither required nor written). */
    NlaCodec<Attrs> NESTED = of(Attr::nested, NlWriter::putNest);

    /**
     * A u32 the kernel keeps in {@code factor}ths of the unit nslab speaks: bridge timers are
     * clock_t, hundredths of a second (USER_HZ), and nslab speaks seconds. The one place that
     * scales them, both ways, and for the text of the {@code ip} command ({@link #wire}).
     */
    record Scaled(int factor) implements NlaCodec<Integer> {
        @Override
        public Integer read(Attr attr, String name) {
            return attr.u32(name) / factor;
        }

        @Override
        public void write(NlWriter w, int type, Integer value) {
            w.attrU32(type, wire(value));
        }

        /** The number on the wire (and in {@code ip}'s arguments) for {@code value}. */
        public int wire(int value) {
            return value * factor;
        }
    }

    /**
     * A C struct of {@code size} bytes in host order (tc_tbf_qopt, tc_netem_corr ...). Reading
     * wants at least {@code size} bytes, as the kernel and tc do, and ignores a longer tail (a
     * newer kernel's fields; the attribute itself keeps them).
     */
    static <V> NlaCodec<V> struct(int size, java.util.function.Function<java.nio.ByteBuffer, V> reader,
                                  java.util.function.BiConsumer<V, java.nio.ByteBuffer> writer) {
        return of((a, name) -> {
            if (a.length() < size) {
                throw new NlDecodeException(name + ": expected at least " + size + " bytes, got " + a.length());
            }
            return reader.apply(NlAlign.hostOrder(a.valueNoCopy()));
        }, (w, type, value) -> {
            byte[] bytes = new byte[size];
            writer.accept(value, NlAlign.hostOrder(bytes));
            w.attr(type, bytes);
        });
    }

    /** A codec from a reader and a writer. */
    static <V> NlaCodec<V> of(Reader<V> reader, Writer<V> writer) {
        return new NlaCodec<>() {
            @Override
            public V read(Attr attr, String name) {
                return reader.read(attr, name);
            }

            @Override
            public void write(NlWriter w, int type, V value) {
                writer.write(w, type, value);
            }
        };
    }

    @FunctionalInterface
    interface Reader<V> {
        V read(Attr attr, String name);
    }

    @FunctionalInterface
    interface Writer<V> {
        void write(NlWriter w, int type, V value);
    }
}
