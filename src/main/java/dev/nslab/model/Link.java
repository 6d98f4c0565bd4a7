package dev.nslab.model;

import java.util.List;

/**
 * A network interface the lab creates. One record per kind; the kind-specific
 * settings sit next to the common {@link LinkAttrs}, the way vishvananda/netlink
 * splits {@code LinkAttrs} from {@code Veth}, {@code Bridge}... A new kind (dummy,
 * vlan, bond) is one more record here and one more {@code permits} entry, and every
 * {@code switch} over links then fails to compile until it handles the new kind.
 */
public sealed interface Link permits Veth, Bridge, Macvlan, Vxlan, Tap {

    /** @return the attributes of this interface (for a veth: of the end declared first) */
    LinkAttrs attrs();

    /**
     * @return the DSL word for this kind: {@code veth}, {@code bridge}, ... This is also the
     *         kernel's {@code IFLA_INFO_KIND}, except for {@code tap} (the kernel says {@code tun})
     */
    String kind();

    /** @return every interface this link consists of: both ends for a veth, else just {@link #attrs()} */
    default List<LinkAttrs> ends() {
        return List.of(attrs());
    }

    default String name() {
        return attrs().name();
    }

    default String namespace() {
        return attrs().namespace();
    }

    default List<Prefix> addresses() {
        return attrs().addresses();
    }

    default Integer mtu() {
        return attrs().mtu();
    }

    default String mac() {
        return attrs().mac();
    }

    default String master() {
        return attrs().master();
    }

    default boolean up() {
        return attrs().up();
    }

    default SourceLocation location() {
        return attrs().location();
    }
}
