package dev.nslab.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.util.Arrays;
import java.util.List;

/**
 * The delegate of {@code namespace('NAME') { ... }}: the same declaration words as
 * the top level, declaring into this namespace. Words it lacks ({@code ping},
 * {@code lab}) resolve to the script.
 */
public class NamespaceSpec extends Spec {

    private final String name;

    NamespaceSpec(Recorder recorder, String name) {
        super(recorder);
        this.name = name;
    }

    @Override
    String describe() {
        return "namespace '" + name + "'";
    }

    /** A veth pair whose first end lives in this namespace; its peer lives in the host unless it says {@code netns}. */
    public VethSpec veth(String name) {
        return recorder.link(new VethSpec(recorder, name, this.name));
    }

    /** Block form of {@link #veth(String)}. */
    public VethSpec veth(String name,
                         @DelegatesTo(value = VethSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder.block(veth(name), block);
    }

    /** A bridge in this namespace. */
    public BridgeSpec bridge(String name) {
        return recorder.link(new BridgeSpec(recorder, name, this.name));
    }

    /** Block form of {@link #bridge(String)}. */
    public BridgeSpec bridge(String name,
                             @DelegatesTo(value = BridgeSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder.block(bridge(name), block);
    }

    /** A macvlan in this namespace, on a parent declared here. */
    public MacvlanSpec macvlan(String name) {
        return recorder.link(new MacvlanSpec(recorder, name, this.name));
    }

    /** Block form of {@link #macvlan(String)}. */
    public MacvlanSpec macvlan(String name,
                               @DelegatesTo(value = MacvlanSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder.block(macvlan(name), block);
    }

    /** A VXLAN endpoint in this namespace. */
    public VxlanSpec vxlan(String name) {
        return recorder.link(new VxlanSpec(recorder, name, this.name));
    }

    /** Block form of {@link #vxlan(String)}. */
    public VxlanSpec vxlan(String name,
                           @DelegatesTo(value = VxlanSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder.block(vxlan(name), block);
    }

    /** A TAP device in this namespace. */
    public TapSpec tap(String name) {
        return recorder.link(new TapSpec(recorder, name, this.name));
    }

    /** Block form of {@link #tap(String)}. */
    public TapSpec tap(String name,
                       @DelegatesTo(value = TapSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder.block(tap(name), block);
    }

    /** Moves the existing host device {@code device} into this namespace (and back on {@code down}). */
    public UplinkSpec uplink(String device) {
        return recorder.uplink(this.name, device);
    }

    /** Block form of {@link #uplink(String)}. */
    public UplinkSpec uplink(String device,
                             @DelegatesTo(value = UplinkSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder.block(uplink(device), block);
    }

    /** A route in this namespace: {@code route 'default' via '10.0.0.1'}, {@code route '10.8.0.0/16' dev 'eth0'}. */
    public RouteSpec route(String destination) {
        return recorder.route(this.name, destination);
    }

    /** Sets a {@code net.*} sysctl in this namespace; booleans are written as 1/0. */
    public void sysctl(String key, Object value) {
        recorder.sysctl(this.name, key, value);
    }

    /** Starts a process in this namespace once the lab is up: {@code spawn 'web', '/usr/bin/python3', '-m', 'http.server'}. */
    public void spawn(String name, Object... argv) {
        recorder.spawn(this.name, name, Arrays.asList(argv));
    }

    /** {@link #spawn(String, Object...)} with the command as a list. */
    public void spawn(String name, List<?> argv) {
        recorder.spawn(this.name, name, argv);
    }
}
