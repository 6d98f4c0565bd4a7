package dev.nslab.dsl;

import dev.nslab.model.Prefix;
import dev.nslab.model.Uplink;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code uplink 'DEV'}: an existing host device. Inside a namespace block it is
 * moved into that namespace; at the top level it stays in the host and is only
 * configured ({@code uplink 'eth0' master 'br0'}).
 */
public class UplinkSpec extends Spec {

    private final String name;
    private String namespace;
    private final List<Prefix> addresses = new ArrayList<>();
    private String master;
    private boolean up = true;

    UplinkSpec(Recorder recorder, String name, String namespace) {
        super(recorder);
        this.name = name;
        this.namespace = namespace;
    }

    /** Adds an address, {@code ADDRESS/LENGTH}; repeatable. */
    public UplinkSpec addr(String cidr) {
        addresses.add(recorder.prefix("addr", cidr));
        return touched();
    }

    /** Enslaves the device to a bridge declared in the same namespace. */
    public UplinkSpec master(String bridge) {
        this.master = bridge;
        return touched();
    }

    /** Leaves the device administratively down. */
    public UplinkSpec down() {
        this.up = false;
        return touched();
    }

    /** Moves the device into namespace {@code ns} ({@code 'host'}: leave it in the host). */
    public UplinkSpec netns(String ns) {
        this.namespace = ns;
        return touched();
    }

    private UplinkSpec touched() {
        recorder.touch(this);
        return this;
    }

    @Override
    String describe() {
        return "uplink '" + name + "'";
    }

    Uplink toUplink() {
        return new Uplink(name, namespace, addresses, master, up, location);
    }
}
