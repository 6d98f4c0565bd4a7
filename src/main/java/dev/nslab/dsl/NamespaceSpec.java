package dev.nslab.dsl;

/**
 * The delegate of {@code namespace('NAME') { ... }}: the declaration words of the top level
 * ({@link Declarations}), declaring into this namespace. Words it lacks ({@code ping},
 * {@code lab}) resolve to the script.
 */
public final class NamespaceSpec extends Spec implements Declarations {

    private final String name;

    NamespaceSpec(Recorder recorder, String name) {
        super(recorder);
        this.name = name;
    }

    String name() {
        return name;
    }

    @Override
    String describe() {
        return "namespace '" + name + "'";
    }
}
