package dev.nslab.model;

import java.util.Objects;

/**
 * A macvlan on top of a parent device in the same namespace.
 *
 * @param attrs  common attributes
 * @param parent the lower device: a link or uplink of the same namespace, or in the
 *               host an existing host device (then also listed in {@link Topology#hostDevices()})
 * @param mode   the mode; {@link MacvlanMode#VEPA}, the kernel's default, unless the script says otherwise
 */
public record Macvlan(LinkAttrs attrs, String parent, MacvlanMode mode) implements Link {

    public Macvlan {
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String kind() {
        return "macvlan";
    }
}
