package dev.nslab.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The macvlan modes, as {@code ip link ... type macvlan mode MODE} spells them. */
public enum MacvlanMode {
    PRIVATE, VEPA, BRIDGE, PASSTHRU;

    /** @return the mode named {@code text} (lower case, as in iproute2) */
    public static MacvlanMode parse(String text) {
        for (MacvlanMode mode : values()) {
            if (mode.word().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("macvlan mode '" + text + "' is not one of " + words());
    }

    /** @return the mode in iproute2's spelling, e.g. {@code bridge} */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return all modes, comma-separated, for messages */
    public static String words() {
        return Arrays.stream(values()).map(MacvlanMode::word).collect(Collectors.joining(", "));
    }
}
