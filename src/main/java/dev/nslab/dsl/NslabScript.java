package dev.nslab.dsl;

import dev.nslab.model.Expectation;
import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

/**
 * The base class of every {@code *.netns.groovy} script: its top-level words. The declaration
 * words it shares with namespace blocks ({@code veth}, {@code route}, ...) are
 * {@link Declarations}; the words here are the top level's own.
 *
 * <p>Evaluating a script only records; see {@link ScriptRunner}.
 */
public abstract non-sealed class NslabScript extends Script implements Declarations {

    private Recorder recorder;

    protected NslabScript() {
    }

    protected NslabScript(Binding binding) {
        super(binding);
    }

    void attach(Recorder recorder) {
        this.recorder = recorder;
    }

    /** The recorder of {@code script}'s evaluation (static, so that it is no word and no script function can hide it). */
    static Recorder recorderOf(NslabScript script) {
        return script.recorder();
    }

    private Recorder recorder() {
        if (recorder == null) {
            throw new IllegalStateException("lab scripts run through dev.nslab.dsl.ScriptRunner");
        }
        return recorder;
    }

    /**
     * A parameter of the script: {@code def hosts = param('hosts', 10)}. Its value is the one
     * given on the command line ({@code -P hosts=20}), converted to the type of the default
     * (int, long, boolean, String or BigDecimal), or else the default.
     */
    @SuppressWarnings("unchecked")
    public <T> T param(String name, T defaultValue) {
        return (T) recorder().param(name, defaultValue);
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

    /** Expects that namespace {@code from} ({@code 'host'} for the host) reaches an address: {@code ping 'ns1' to '10.0.0.1'}. */
    public ExpectationSpec ping(String from) {
        return recorder().expect(Expectation.Kind.PING, from);
    }

    /** Expects that namespace {@code from} does not reach an address: {@code noPing 'ns2' to '10.0.0.1'}. */
    public ExpectationSpec noPing(String from) {
        return recorder().expect(Expectation.Kind.NO_PING, from);
    }

    // ---- services (issue 17) ----

    /** Expects that a TCP connection from {@code from} is accepted: {@code connect 'client' to '10.0.0.2:8080'} ({@code '[fd00::2]:8080'} for IPv6). */
    public ExpectationSpec connect(String from) {
        return recorder().expect(Expectation.Kind.CONNECT, from);
    }

    /** Expects that a TCP connection from {@code from} fails (refused, unreachable or timed out): {@code noConnect 'outsider' to '10.0.0.2:8080'}. */
    public ExpectationSpec noConnect(String from) {
        return recorder().expect(Expectation.Kind.NO_CONNECT, from);
    }
}
