package dev.nslab.dsl;

import dev.nslab.model.LinkAttrs;

import java.util.Locale;

/**
 * An interface the lab creates, a link or the peer end of a veth: the words of every interface
 * ({@link InterfaceSpec}), and those that only a new device takes ({@code mtu}, {@code mac}).
 *
 * @param <S> the concrete builder
 */
public abstract class LinkEndSpec<S extends LinkEndSpec<S>> extends InterfaceSpec<S> {

    Integer mtu;
    String mac;

    LinkEndSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    /** Sets the MTU (68..65535). */
    public S mtu(int mtu) {
        this.mtu = mtu;
        return touched();
    }

    /** Sets the hardware address, {@code xx:xx:xx:xx:xx:xx}. */
    public S mac(String mac) {
        this.mac = mac;
        return touched();
    }

    LinkAttrs attrs() {
        return new LinkAttrs(name, namespace, addresses, mtu, mac == null ? null : mac.toLowerCase(Locale.ROOT), master, up, location, shape());
    }
}
