package dev.nslab.netlink.nl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An attribute type described once: its number (from the uapi table {@link Rtnl}), its kernel
 * name and its codec. The encoder writes through it, the decoder reads through it, and every
 * error names it: {@code IFA_LOCAL: expected 4 or 16 bytes, got 3}. An attribute the kernel
 * rejects (extended ack) is named by the same descriptors, see {@link AttrSpace}.
 *
 * <pre>{@code
 * w.put(Ifla.MTU, 1400);              // writes IFLA_MTU as a u32
 * Integer mtu = Ifla.MTU.get(attrs);  // null when absent, NlDecodeException when malformed
 * }</pre>
 *
 * @param <V> the Java value: Integer for u8/u16/u32, String, InetAddress, Attrs for a nest ...
 */
public record Nla<V>(int type, String name, NlaCodec<V> codec) {

    public Nla {
        if (type < 0 || type > Rtnl.NLA_TYPE_MASK) {
            throw new IllegalArgumentException(name + ": type " + type + " does not fit nla_type");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codec, "codec");
    }

    public static <V> Nla<V> of(int type, String name, NlaCodec<V> codec) {
        return new Nla<>(type, name, codec);
    }

    /** The value of the first attribute of this type in {@code attrs}, or null when there is none. */
    public V get(Attrs attrs) {
        Attr attr = attrs.get(type);
        return attr == null ? null : decode(attr);
    }

    /** Every attribute of this type, in order (IFLA_ALT_IFNAME repeats). */
    public List<V> all(Attrs attrs) {
        List<V> values = new ArrayList<>();
        for (Attr attr : attrs.all(type)) {
            values.add(decode(attr));
        }
        return values;
    }

    /** The value of {@code attr}, which must be of this type; NlDecodeException naming this attribute when malformed. */
    public V decode(Attr attr) {
        return codec.read(attr, name);
    }

    /** Writes {@code value} as one attribute of this type. */
    public void write(NlWriter w, V value) {
        codec.write(w, type, value);
    }

    @Override
    public String toString() {
        return name;
    }
}
