package dev.nslab.model;

import java.util.List;
import java.util.Objects;

/**
 * A veth pair. Both ends are created by one RTM_NEWLINK, each directly in its own
 * namespace under its final name.
 *
 * @param attrs the end declared first ({@code veth 'NAME'})
 * @param peer  the other end ({@code peer 'NAME'}); its location is that of the {@code peer} word
 */
public record Veth(LinkAttrs attrs, LinkAttrs peer) implements Link {

    public Veth {
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String kind() {
        return "veth";
    }

    @Override
    public List<LinkAttrs> ends() {
        return List.of(attrs, peer);
    }
}
