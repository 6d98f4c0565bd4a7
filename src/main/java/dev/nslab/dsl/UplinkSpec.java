package dev.nslab.dsl;

import dev.nslab.model.Uplink;

/**
 * {@code uplink 'DEV'}: an existing host device, with the words of every interface
 * ({@link InterfaceSpec}). Inside a namespace block it is moved into that namespace; at the top
 * level it stays in the host and is only configured ({@code uplink 'eth0' master 'br0'}).
 */
public class UplinkSpec extends InterfaceSpec<UplinkSpec> {

    UplinkSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    @Override
    String describe() {
        return "uplink '" + name + "'";
    }

    Uplink toUplink() {
        return new Uplink(name, namespace, addresses, master, up, location, shape());
    }
}
