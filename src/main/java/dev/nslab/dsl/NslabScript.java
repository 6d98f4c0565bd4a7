package dev.nslab.dsl;

import dev.nslab.model.Expectation;
import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.util.Arrays;
import java.util.List;

/**
 * The base class of every {@code *.netns.groovy} script: its top-level words.
 *
 * <p>The top level is the host. Declaration words declare into the namespace of
 * the open {@code namespace} block, if any, so that a function defined in the
 * script and called from inside a block declares into that block's namespace.
 * Evaluating a script only records; see {@link ScriptRunner}.
 */
public abstract class NslabScript extends Script {

    private Recorder recorder;

    protected NslabScript() {
    }

    protected NslabScript(Binding binding) {
        super(binding);
    }

    void attach(Recorder recorder) {
        this.recorder = recorder;
    }

    private Recorder recorder() {
        if (recorder == null) {
            throw new IllegalStateException("lab scripts run through dev.nslab.dsl.ScriptRunner");
        }
        return recorder;
    }

    /** Names the lab (default: the file name without {@code .netns.groovy}). Top level only, once. */
    public void lab(String name) {
        recorder().lab(name);
    }

    /** Declares an empty namespace, or mentions one declared elsewhere. */
    public void namespace(String name) {
        recorder().declareNamespace(name, recorder().here());
    }

    /**
     * Declares a namespace and what lives in it. Two blocks with the same name merge;
     * blocks cannot be nested.
     */
    public void namespace(String name,
                          @DelegatesTo(value = NamespaceSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        recorder().namespaceBlock(name, block);
    }

    /** A veth pair: {@code veth 'veth1' peer 'veth2' netns 'ns1'}. */
    public VethSpec veth(String name) {
        Recorder r = recorder();
        return r.link(new VethSpec(r, name, r.contextNamespace()));
    }

    /** Block form: {@code veth('veth1') { peer('veth2') { netns 'ns1' } }}. */
    public VethSpec veth(String name,
                         @DelegatesTo(value = VethSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder().block(veth(name), block);
    }

    /** A bridge: {@code bridge 'br0' addr '192.168.56.130/24' stp true}. */
    public BridgeSpec bridge(String name) {
        Recorder r = recorder();
        return r.link(new BridgeSpec(r, name, r.contextNamespace()));
    }

    /** Block form of {@link #bridge(String)}. */
    public BridgeSpec bridge(String name,
                             @DelegatesTo(value = BridgeSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder().block(bridge(name), block);
    }

    /** A macvlan: {@code macvlan 'mv0' parent 'eth0' mode 'bridge'}. */
    public MacvlanSpec macvlan(String name) {
        Recorder r = recorder();
        return r.link(new MacvlanSpec(r, name, r.contextNamespace()));
    }

    /** Block form of {@link #macvlan(String)}. */
    public MacvlanSpec macvlan(String name,
                               @DelegatesTo(value = MacvlanSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder().block(macvlan(name), block);
    }

    /** A VXLAN endpoint: {@code vxlan 'vx0' id 42 remote '192.0.2.2' dstport 4789}. */
    public VxlanSpec vxlan(String name) {
        Recorder r = recorder();
        return r.link(new VxlanSpec(r, name, r.contextNamespace()));
    }

    /** Block form of {@link #vxlan(String)}. */
    public VxlanSpec vxlan(String name,
                           @DelegatesTo(value = VxlanSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder().block(vxlan(name), block);
    }

    /** A TAP device: {@code tap 'tap0'}. */
    public TapSpec tap(String name) {
        Recorder r = recorder();
        return r.link(new TapSpec(r, name, r.contextNamespace()));
    }

    /** Block form of {@link #tap(String)}. */
    public TapSpec tap(String name,
                       @DelegatesTo(value = TapSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder().block(tap(name), block);
    }

    /**
     * An existing host device: at the top level configured in place
     * ({@code uplink 'eth0' master 'br0'}), inside a namespace block moved there.
     */
    public UplinkSpec uplink(String device) {
        Recorder r = recorder();
        return r.uplink(r.contextNamespace(), device);
    }

    /** Block form of {@link #uplink(String)}. */
    public UplinkSpec uplink(String device,
                             @DelegatesTo(value = UplinkSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block) {
        return recorder().block(uplink(device), block);
    }

    /** A route: {@code route 'default' via '10.0.0.1'}, {@code route '10.8.0.0/16' dev 'eth0'}. */
    public RouteSpec route(String destination) {
        Recorder r = recorder();
        return r.route(r.contextNamespace(), destination);
    }

    /** Sets a {@code net.*} sysctl: {@code sysctl 'net.ipv4.ip_forward', 1}; booleans are written as 1/0. */
    public void sysctl(String key, Object value) {
        Recorder r = recorder();
        r.sysctl(r.contextNamespace(), key, value);
    }

    /**
     * Starts a process once the lab is up: {@code spawn 'web', '/usr/bin/python3', '-m', 'http.server', '8080'}.
     * Arguments other than strings (numbers) are turned into strings.
     */
    public void spawn(String name, Object... argv) {
        Recorder r = recorder();
        r.spawn(r.contextNamespace(), name, Arrays.asList(argv));
    }

    /** {@link #spawn(String, Object...)} with the command as a list. */
    public void spawn(String name, List<?> argv) {
        Recorder r = recorder();
        r.spawn(r.contextNamespace(), name, argv);
    }

    /** Expects that namespace {@code from} ({@code 'host'} for the host) reaches an address: {@code ping 'ns1' to '10.0.0.1'}. */
    public ExpectationSpec ping(String from) {
        return recorder().expect(Expectation.Kind.PING, from);
    }

    /** Expects that namespace {@code from} does not reach an address: {@code noPing 'ns2' to '10.0.0.1'}. */
    public ExpectationSpec noPing(String from) {
        return recorder().expect(Expectation.Kind.NO_PING, from);
    }
}
