package dev.nslab.dsl;

import dev.nslab.model.Bridge;
import dev.nslab.model.Link;

/** {@code bridge 'NAME'}: a Linux bridge, with {@code stp} and {@code forwardDelay}. */
public class BridgeSpec extends LinkSpec<BridgeSpec> {

    private boolean stp;
    private Integer forwardDelay;

    BridgeSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    /** Turns the spanning tree protocol on or off (off is the kernel's default). */
    public BridgeSpec stp(boolean on) {
        this.stp = on;
        return touched();
    }

    /** Sets the forward delay in seconds: 2..30 with STP on, 0..30 without. */
    public BridgeSpec forwardDelay(int seconds) {
        this.forwardDelay = seconds;
        return touched();
    }

    @Override
    String kind() {
        return "bridge";
    }

    @Override
    Link toLink() {
        return new Bridge(attrs(), stp, forwardDelay);
    }
}
