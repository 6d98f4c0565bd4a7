package dev.nslab.dsl;

import dev.nslab.model.SourceLocation;

/**
 * A builder behind one declaration of the script (a veth, a route, a namespace
 * block...). Its public methods are exactly its DSL words: they are what Groovy
 * dispatches to, what IDEs complete, and what "did you mean" suggests from, so
 * helpers stay package-private.
 */
public abstract class Spec {

    final Recorder recorder;
    final SourceLocation location;

    Spec(Recorder recorder) {
        this.recorder = recorder;
        this.location = recorder.here();
        recorder.touch(this);
    }

    /** @return how messages name this declaration, e.g. {@code veth 'veth1'} */
    abstract String describe();
}
