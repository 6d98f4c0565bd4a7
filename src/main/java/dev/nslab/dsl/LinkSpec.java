package dev.nslab.dsl;

import dev.nslab.model.Link;

/**
 * A builder for one link kind, declared by its own top-level word ({@code veth},
 * {@code bridge}...). A new kind is a subclass with its extra words, a model record,
 * and a pair of words in {@link Declarations}.
 *
 * @param <S> the concrete builder
 */
public abstract class LinkSpec<S extends LinkSpec<S>> extends LinkEndSpec<S> {

    LinkSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    /** @return the DSL word of this kind, as messages use it */
    abstract String kind();

    @Override
    String describe() {
        return kind() + " '" + name + "'";
    }

    /**
     * @return the model record
     * @throws DslException if a word this kind cannot do without is missing
     */
    abstract Link toLink();
}
