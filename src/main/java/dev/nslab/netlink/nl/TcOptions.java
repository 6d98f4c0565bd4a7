package dev.nslab.netlink.nl;

import java.util.Arrays;

/**
 * TCA_OPTIONS of a qdisc or class, by its TCA_KIND, one model for both directions: a request is
 * written from it ({@link #writeOptions}), a dump or a captured request reads back into it
 * ({@link #read}). Kinds nslab does not model keep their bytes ({@link Other}).
 */
public sealed interface TcOptions permits Tbf, Netem, Htb, HtbClass, TcOptions.Other {

    /** The TCA_KIND this belongs to. */
    String kind();

    /** Writes TCA_OPTIONS. */
    void writeOptions(NlWriter w);

    /** The options in {@code options} (a TCA_OPTIONS attribute) of a qdisc or class of {@code kind}. */
    static TcOptions read(String kind, Attr options, boolean isClass) {
        return switch (kind == null ? "" : kind) {
            case "tbf" -> Tbf.read(options.nested(Tca.OPTIONS.name()));
            case "netem" -> Netem.read(options.value());
            case "htb" -> isClass ? HtbClass.read(options.nested(Tca.OPTIONS.name()))
                    : Htb.read(options.nested(Tca.OPTIONS.name()));
            default -> new Other(kind, options.value());
        };
    }

    /** The options of a kind nslab does not model (fq_codel, noqueue ...), as they came. */
    record Other(String kind, byte[] options) implements TcOptions {
        @Override
        public void writeOptions(NlWriter w) {
            w.put(Tca.OPTIONS, options);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other other && java.util.Objects.equals(kind, other.kind) && Arrays.equals(options, other.options);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(kind) + Arrays.hashCode(options);
        }

        @Override
        public String toString() {
            return "Other[kind=" + kind + ", options=" + java.util.HexFormat.of().formatHex(options) + "]";
        }
    }
}
