package dev.nslab.dsl;

import dev.nslab.model.Expectation;

import java.net.InetAddress;

/** {@code ping 'NS' to 'ADDRESS'} and {@code noPing 'NS' to 'ADDRESS'}. */
public class ExpectationSpec extends Spec {

    private final Expectation.Kind kind;
    private final String from;
    private InetAddress target;

    ExpectationSpec(Recorder recorder, Expectation.Kind kind, String from) {
        super(recorder);
        this.kind = kind;
        this.from = from;
    }

    /** Names the address to ping. */
    public ExpectationSpec to(String address) {
        this.target = recorder.address("to", address);
        recorder.touch(this);
        return this;
    }

    @Override
    String describe() {
        return (kind == Expectation.Kind.PING ? "ping" : "noPing") + " '" + from + "'";
    }

    Expectation toExpectation() {
        if (target == null) {
            throw new DslException(location, describe() + " has no target: add to 'ADDRESS'");
        }
        return new Expectation(kind, from, target, location);
    }
}
