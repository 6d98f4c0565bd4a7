package dev.nslab.dsl;

import dev.nslab.model.SourceLocation;
import groovy.lang.GroovyObject;
import groovy.lang.MetaClass;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * A builder behind one declaration of the script (a veth, a route, a namespace
 * block...). Its public methods are exactly its DSL words: they are what Groovy
 * dispatches to, what IDEs complete, and what "did you mean" suggests from, so
 * helpers stay package-private.
 *
 * <p>A builder has no properties. Groovy would otherwise read and write its fields
 * as properties, so that a chain ending in a bare word ({@code bridge 'br0' stp})
 * or an assignment in a block ({@code mtu = 1400}) would silently read or poke
 * internal state; here both fail with the word and its line.
 */
public abstract class Spec implements GroovyObject {

    final Recorder recorder;
    final SourceLocation location;
    private MetaClass metaClass;

    Spec(Recorder recorder) {
        this.recorder = recorder;
        this.location = recorder.here();
        recorder.touch(this);
    }

    /** @return how messages name this declaration, e.g. {@code veth 'veth1'} */
    abstract String describe();

    @Override
    public MetaClass getMetaClass() {
        if (metaClass == null) {
            metaClass = InvokerHelper.getMetaClass(getClass());
        }
        return metaClass;
    }

    @Override
    public void setMetaClass(MetaClass metaClass) {
        this.metaClass = metaClass;
    }

    @Override
    public Object getProperty(String name) {
        throw new MissingPropertyException(name, getClass());
    }

    /**
     * Refuses {@code mtu = 1400} in a block with a message. Any other name is left to
     * Groovy, which then sets a script variable, as an assignment in a closure does.
     */
    @Override
    public void setProperty(String name, Object value) {
        if (Words.names(getClass()).contains(name)) {
            String shown = value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
            recorder.mistake("'" + name + "' in " + describe() + " is a word, not a property: write " + name + " " + shown);
            return;
        }
        throw new MissingPropertyException(name, getClass());
    }
}
