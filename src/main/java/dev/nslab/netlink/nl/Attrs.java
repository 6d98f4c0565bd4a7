package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The attributes of one message or nest, in wire order. Duplicates and unknown types are kept,
 * so that {@link NlWriter#putAttrs} writes back exactly what was read. Lookups compare
 * {@link Attr#type()}, ignoring the NLA_F_* flag bits.
 */
public final class Attrs implements Iterable<Attr> {

    public static final Attrs EMPTY = new Attrs(List.of());

    private final List<Attr> attrs;

    private Attrs(List<Attr> attrs) {
        this.attrs = attrs;
    }

    public static Attrs of(Attr... attrs) {
        return new Attrs(List.of(attrs));
    }

    public static Attrs of(List<Attr> attrs) {
        return new Attrs(List.copyOf(attrs));
    }

    /** Reads the attributes in {@code [offset, offset + length)} of {@code buf} (absolute indices). */
    public static Attrs parse(ByteBuffer buf, int offset, int length) {
        return parse(NlAlign.hostOrder(buf), offset, length, "attributes");
    }

    /**
     * Like {@link #parse(ByteBuffer, int, int)}; {@code context} leads every error message and
     * names what holds the attributes, e.g. {@code RTM_NEWLINK attributes} or {@code IFLA_LINKINFO}.
     */
    static Attrs parse(ByteBuffer hostOrder, int offset, int length, String context) {
        List<Attr> parsed = new ArrayList<>();
        int end = offset + length;
        int at = offset;
        while (at < end) {
            int left = end - at;
            if (left < 4) {
                throw new NlDecodeException(context + ": " + left + " stray bytes after the last attribute");
            }
            int nlaLen = Short.toUnsignedInt(hostOrder.getShort(at));
            int rawType = Short.toUnsignedInt(hostOrder.getShort(at + 2));
            if (nlaLen < 4) {
                throw new NlDecodeException(context + ": nlattr.nla_len " + nlaLen + " at offset " + (at - offset)
                        + " is shorter than the header (4)");
            }
            if (nlaLen > left) {
                throw new NlDecodeException(context + ": nlattr.nla_len " + nlaLen + " at offset " + (at - offset)
                        + " runs past the end (" + left + " bytes left)");
            }
            byte[] value = new byte[nlaLen - 4];
            hostOrder.get(at + 4, value);
            parsed.add(new Attr(rawType, value));
            // The last attribute may omit its padding; stepping past the end just ends the loop.
            at += NlAlign.align4(nlaLen);
        }
        return new Attrs(List.copyOf(parsed));
    }

    /** The first attribute of this type, or null. */
    public Attr get(int type) {
        for (Attr attr : attrs) {
            if (attr.type() == type) {
                return attr;
            }
        }
        return null;
    }

    /** Every attribute of this type, in order (IFLA_ALT_IFNAME, for one, repeats). */
    public List<Attr> all(int type) {
        return attrs.stream().filter(attr -> attr.type() == type).toList();
    }

    public boolean has(int type) {
        return get(type) != null;
    }

    public List<Attr> list() {
        return attrs;
    }

    public int size() {
        return attrs.size();
    }

    @Override
    public Iterator<Attr> iterator() {
        return attrs.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attrs other && attrs.equals(other.attrs);
    }

    @Override
    public int hashCode() {
        return attrs.hashCode();
    }

    @Override
    public String toString() {
        return attrs.toString();
    }
}
