package dev.nslab.dsl;

import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;

import java.net.InetAddress;

/**
 * {@code ping 'NS' to 'ADDRESS'}, {@code noPing 'NS' to 'ADDRESS'}, and (issue 17)
 * {@code connect 'NS' to 'ADDRESS:PORT'}, {@code noConnect 'NS' to '[IPV6]:PORT'}.
 */
public class ExpectationSpec extends Spec {

    private final Expectation.Kind kind;
    private final String from;
    private InetAddress target;
    private int port;

    ExpectationSpec(Recorder recorder, Expectation.Kind kind, String from) {
        super(recorder);
        this.kind = kind;
        this.from = from;
    }

    /** Names the address to ping, or the address and port to connect to. */
    public ExpectationSpec to(String address) {
        recorder.touch(this);
        if (!kind.isTcp()) {
            this.target = recorder.address("to", address);
            return this;
        }
        if (recorder.given("to", address) == null) {
            return this;
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        if (colon < 0 || (host.contains(":") && !(host.startsWith("[") && host.endsWith("]")))) {
            recorder.mistake(kind.word() + " to '" + address + "': write the address and the port, as in '10.0.0.2:8080' or '[fd00::2]:8080'");
            return this;
        }
        try {
            int p = Integer.parseInt(address.substring(colon + 1));
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            target = Addresses.parse(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            port = p;
        } catch (NumberFormatException e) {
            recorder.mistake(kind.word() + " to '" + address + "': the port must be a number from 1 to 65535");
        } catch (IllegalArgumentException e) {
            recorder.mistake(kind.word() + " to " + e.getMessage());
        }
        return this;
    }

    @Override
    String describe() {
        return kind.word() + " '" + from + "'";
    }

    Expectation toExpectation() {
        if (target == null) {
            throw new DslException(location, describe() + " has no target: add to '" + (kind.isTcp() ? "ADDRESS:PORT" : "ADDRESS") + "'");
        }
        return new Expectation(kind, from, target, port, location);
    }
}
