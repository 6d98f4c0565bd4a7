package dev.nslab.dsl;

import dev.nslab.model.Link;
import dev.nslab.model.Macvlan;
import dev.nslab.model.MacvlanMode;

/** {@code macvlan 'NAME' parent 'DEV' mode 'bridge|private|vepa|passthru'}. */
public class MacvlanSpec extends LinkSpec<MacvlanSpec> {

    private String parent;
    private MacvlanMode mode = MacvlanMode.VEPA;

    MacvlanSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    /**
     * Names the lower device: a link or uplink of the same namespace, or in the host
     * also an existing host device (which needs {@code --allow-host-devices}).
     */
    public MacvlanSpec parent(String device) {
        this.parent = device;
        return touched();
    }

    /** Sets the mode: {@code bridge}, {@code private}, {@code vepa} (the kernel's default) or {@code passthru}. */
    public MacvlanSpec mode(String mode) {
        if (recorder.given("mode", mode) != null) {
            try {
                this.mode = MacvlanMode.parse(mode);
            } catch (IllegalArgumentException e) {
                recorder.mistake(e.getMessage());
            }
        }
        return touched();
    }

    @Override
    String kind() {
        return "macvlan";
    }

    @Override
    Link toLink() {
        if (parent == null) {
            throw new DslException(location, describe() + " has no parent: add parent 'DEVICE'");
        }
        return new Macvlan(attrs(), parent, mode);
    }
}
