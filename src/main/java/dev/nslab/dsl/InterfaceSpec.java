package dev.nslab.dsl;

import dev.nslab.model.Prefix;

import java.util.ArrayList;
import java.util.List;

/**
 * The words every interface of the lab understands, one it creates (a link, the peer end of a
 * veth: {@link LinkEndSpec}) or an existing device it takes over ({@link UplinkSpec}), for the
 * chain form ({@code veth 'a' addr '10.0.0.1/24' master 'br0'}) and the block form
 * ({@code veth('a') { addr '10.0.0.1/24'; master 'br0' }}). Each word returns the concrete
 * builder ({@code S}), so a chain keeps its type for the IDE.
 *
 * <p>{@code addr} accumulates; for the other words the last one wins.
 *
 * @param <S> the concrete builder
 */
public abstract class InterfaceSpec<S extends InterfaceSpec<S>> extends Spec {

    final String name;
    String namespace;
    final List<Prefix> addresses = new ArrayList<>();
    String master;
    boolean up = true;

    InterfaceSpec(Recorder recorder, String name, String namespace) {
        super(recorder);
        this.name = name;
        this.namespace = namespace;
    }

    /** Adds an IPv4 or IPv6 address, {@code ADDRESS/LENGTH}; repeatable. */
    public S addr(String cidr) {
        Prefix p = recorder.prefix("addr", cidr);
        if (p != null) {
            addresses.add(p);
        }
        return touched();
    }

    /** Makes this interface a port of the bridge {@code bridge}, declared in the same namespace. */
    public S master(String bridge) {
        this.master = bridge;
        return touched();
    }

    /** Leaves the interface administratively down (the default is up). */
    public S down() {
        this.up = false;
        return touched();
    }

    /** Places this interface in namespace {@code ns}; {@code netns 'host'} places it in the host. */
    public S netns(String ns) {
        if (recorder.given("netns", ns) != null) {
            this.namespace = ns;
        }
        return touched();
    }

    /** @return this builder, after noting it as the receiver of the latest word (for error messages) */
    @SuppressWarnings("unchecked")
    final S touched() {
        recorder.touch(this);
        return (S) this;
    }
}
