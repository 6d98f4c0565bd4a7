package dev.nslab.dsl;

import dev.nslab.model.Link;
import dev.nslab.model.Tap;

/** {@code tap 'NAME'}: a persistent TAP device. */
public class TapSpec extends LinkSpec<TapSpec> {

    TapSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    @Override
    String kind() {
        return "tap";
    }

    @Override
    Link toLink() {
        return new Tap(attrs());
    }
}
