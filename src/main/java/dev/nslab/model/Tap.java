package dev.nslab.model;

import java.util.Objects;

/**
 * A persistent TAP device. The kernel does not create tun/tap devices through
 * rtnetlink (its {@code tun_validate} refuses); they are made with the
 * {@code TUNSETIFF} ioctl and then show up in dumps with kind {@code tun}
 * (docs/kernel-facts.md, "Links").
 *
 * @param attrs common attributes
 */
public record Tap(LinkAttrs attrs) implements Link {

    public Tap {
        Objects.requireNonNull(attrs, "attrs");
    }

    @Override
    public String kind() {
        return "tap";
    }
}
