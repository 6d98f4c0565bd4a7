package dev.nslab.netlink.nl;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The attribute types of one level of a message (the IFLA_* of an RTM_NEWLINK, the IFLA_INFO_*
 * inside IFLA_LINKINFO, the IFLA_VXLAN_* of a vxlan's IFLA_INFO_DATA ...), made of the same
 * {@link Nla} descriptors the codec writes and reads with. It names what the kernel points at:
 * the attribute at an extended ack's offset ({@link #pathAt}), a missing attribute's type.
 * Built once, in the static initialisers of the descriptor classes; read-only afterwards.
 */
public final class AttrSpace {
    private final String family;
    private final Map<Integer, Nla<?>> byType;
    /** Nest type -> the space of its payload, chosen by the nest's siblings (IFLA_INFO_DATA by IFLA_INFO_KIND). */
    private final Map<Integer, Function<Attrs, AttrSpace>> inner;
    /** Bytes of a fixed struct in front of the attributes (VETH_INFO_PEER's ifinfomsg, netem's tc_netem_qopt). */
    private final int skip;

    private AttrSpace(String family, Map<Integer, Nla<?>> byType, Map<Integer, Function<Attrs, AttrSpace>> inner, int skip) {
        this.family = family;
        this.byType = byType;
        this.inner = inner;
        this.skip = skip;
    }

    /** A space named {@code family} (e.g. "IFLA"), for attribute types it has no descriptor of. */
    public static AttrSpace of(String family, Nla<?>... descriptors) {
        AttrSpace space = new AttrSpace(family, new HashMap<>(), new HashMap<>(), 0);
        for (Nla<?> d : descriptors) {
            space.byType.put(d.type(), d);
        }
        return space;
    }

    /** Declares that {@code nest} holds attributes of {@code space}. Returns this. */
    public AttrSpace nest(Nla<?> nest, AttrSpace space) {
        return nest(nest, siblings -> space);
    }

    /**
     * Declares that {@code nest} holds attributes of the space {@code bySiblings} picks from the
     * nest's siblings (IFLA_INFO_DATA: by IFLA_INFO_KIND; null: unknown). Returns this.
     */
    public AttrSpace nest(Nla<?> nest, Function<Attrs, AttrSpace> bySiblings) {
        byType.put(nest.type(), nest);
        inner.put(nest.type(), bySiblings);
        return this;
    }

    /** This space behind {@code bytes} of a fixed struct, as a nest holds it (the same descriptors, shared). */
    public AttrSpace after(int bytes) {
        return new AttrSpace(family, byType, inner, bytes);
    }

    /** The kernel name of {@code type} here, e.g. {@code IFLA_MTU}; {@code IFLA attribute 77} when nslab has none. */
    public String nameOf(int type) {
        Nla<?> d = byType.get(type & Rtnl.NLA_TYPE_MASK);
        return d != null ? d.name() : family + " attribute " + (type & Rtnl.NLA_TYPE_MASK);
    }

    /**
     * The attribute that starts at absolute byte {@code offset} of {@code hostOrder}, or holds it,
     * among the attributes in {@code [from, to)}: {@code IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VXLAN_ID}.
     * Null when the offset is at no attribute (or the bytes are not well formed there).
     */
    public String pathAt(ByteBuffer hostOrder, int from, int to, int offset) {
        Attrs siblings;
        try {
            siblings = Attrs.parse(hostOrder, from, to - from, family);
        } catch (NlDecodeException e) {
            return null;
        }
        int at = from;
        for (Attr attr : siblings) {
            int end = at + 4 + attr.length();
            if (offset == at) {
                return nameOf(attr.type());
            }
            if (offset > at && offset < end) {
                Function<Attrs, AttrSpace> nested = inner.get(attr.type());
                AttrSpace space = nested == null ? null : nested.apply(siblings);
                String below = space == null ? null
                        : space.pathAt(hostOrder, Math.min(end, at + 4 + space.skip), end, offset);
                return below == null ? nameOf(attr.type()) : nameOf(attr.type()) + " > " + below;
            }
            at += NlAlign.align4(4 + attr.length());
        }
        return null;
    }
}
