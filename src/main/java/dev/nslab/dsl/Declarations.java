package dev.nslab.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.util.Arrays;
import java.util.List;

/**
 * The declaration words, written once for both contexts that have them: the script's top level
 * (the host, {@link NslabScript}) and a {@code namespace('NAME') { ... }} block
 * ({@link NamespaceSpec}). A word declares into the namespace of its context: at the top level
 * the namespace of the open {@code namespace} block if there is one (so that a function defined
 * in the script and called from inside a block declares into that block's namespace), else the
 * host; in a block, that block's namespace.
 *
 * <p>Sealed: these two are the contexts there are, and the words find their recorder and
 * namespace by asking which one they are, so that no plumbing method becomes a word that
 * scripts could call and IDEs would offer.
 */
public sealed interface Declarations permits NslabScript, NamespaceSpec {

    /** A veth pair: {@code veth 'veth1' peer 'veth2' netns 'ns1'}; its peer lives in the host unless it says {@code netns}. */
    default VethSpec veth(String name) {
        Recorder r = recorder(this);
        return r.link(new VethSpec(r, r.given("veth", name), namespace(this)));
    }

    /** Block form: {@code veth('veth1') { peer('veth2') { netns 'ns1' } }}. */
    default VethSpec veth(String name,
                          @DelegatesTo(value = VethSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder(this).block(veth(name), block);
    }

    /** A bridge: {@code bridge 'br0' addr '192.168.56.130/24' stp true}. */
    default BridgeSpec bridge(String name) {
        Recorder r = recorder(this);
        return r.link(new BridgeSpec(r, r.given("bridge", name), namespace(this)));
    }

    /** Block form of {@link #bridge(String)}. */
    default BridgeSpec bridge(String name,
                              @DelegatesTo(value = BridgeSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder(this).block(bridge(name), block);
    }

    /** A macvlan on a parent of the same namespace: {@code macvlan 'mv0' parent 'eth0' mode 'bridge'}. */
    default MacvlanSpec macvlan(String name) {
        Recorder r = recorder(this);
        return r.link(new MacvlanSpec(r, r.given("macvlan", name), namespace(this)));
    }

    /** Block form of {@link #macvlan(String)}. */
    default MacvlanSpec macvlan(String name,
                                @DelegatesTo(value = MacvlanSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder(this).block(macvlan(name), block);
    }

    /** A VXLAN endpoint: {@code vxlan 'vx0' id 42 remote '192.0.2.2' dstport 4789}. */
    default VxlanSpec vxlan(String name) {
        Recorder r = recorder(this);
        return r.link(new VxlanSpec(r, r.given("vxlan", name), namespace(this)));
    }

    /** Block form of {@link #vxlan(String)}. */
    default VxlanSpec vxlan(String name,
                            @DelegatesTo(value = VxlanSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder(this).block(vxlan(name), block);
    }

    /** A TAP device: {@code tap 'tap0'}. */
    default TapSpec tap(String name) {
        Recorder r = recorder(this);
        return r.link(new TapSpec(r, r.given("tap", name), namespace(this)));
    }

    /** Block form of {@link #tap(String)}. */
    default TapSpec tap(String name,
                        @DelegatesTo(value = TapSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder(this).block(tap(name), block);
    }

    /**
     * An existing host device: at the top level configured in place
     * ({@code uplink 'eth0' master 'br0'}), inside a namespace block moved there (and back on
     * {@code down}).
     */
    default UplinkSpec uplink(String device) {
        return recorder(this).uplink(namespace(this), device);
    }

    /** Block form of {@link #uplink(String)}. */
    default UplinkSpec uplink(String device,
                              @DelegatesTo(value = UplinkSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder(this).block(uplink(device), block);
    }

    /** A route: {@code route 'default' via '10.0.0.1'}, {@code route '10.8.0.0/16' dev 'eth0'}. */
    default RouteSpec route(String destination) {
        return recorder(this).route(namespace(this), destination);
    }

    /** Sets a {@code net.*} sysctl: {@code sysctl 'net.ipv4.ip_forward', 1}; booleans are written as 1/0. */
    default void sysctl(String key, Object value) {
        recorder(this).sysctl(namespace(this), key, value);
    }

    /**
     * Starts a process once the lab is up: {@code spawn 'web', '/usr/bin/python3', '-m', 'http.server', '8080'}.
     * Arguments other than strings (numbers) are turned into strings. {@code ready 'tcp:8080'}
     * after it makes {@code up} wait until the process listens ({@link SpawnSpec}).
     */
    default SpawnSpec spawn(String name, Object... argv) {
        return recorder(this).spawn(namespace(this), name, Arrays.asList(argv));
    }

    /** {@link #spawn(String, Object...)} with the command as a list. */
    default SpawnSpec spawn(String name, List<?> argv) {
        return recorder(this).spawn(namespace(this), name, argv);
    }

    private static Recorder recorder(Declarations context) {
        return context instanceof NamespaceSpec block ? block.recorder : NslabScript.recorderOf((NslabScript) context);
    }

    private static String namespace(Declarations context) {
        return context instanceof NamespaceSpec block ? block.name() : NslabScript.recorderOf((NslabScript) context).contextNamespace();
    }
}
