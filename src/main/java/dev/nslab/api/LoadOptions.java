package dev.nslab.api;

import dev.nslab.dsl.CompiledScriptCache;
import dev.nslab.dsl.ScriptLimits;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Nslab} loads a script: the values of its parameters ({@code param('NAME', DEFAULT)}),
 * the limits it runs within, where compiled scripts are kept, and a check of the file before it
 * runs (the command line's refusal of a script others could have changed).
 *
 * @param parameters values by parameter name, as text, converted to each DEFAULT's type
 * @param limits     the time and heap a script may use
 * @param cache      compiled scripts kept for the next run, or null for none
 * @param check      run on the script's path before it is read; throws to refuse it
 */
public record LoadOptions(Map<String, String> parameters, ScriptLimits limits, CompiledScriptCache cache,
                          Consumer<Path> check) {
    public LoadOptions {
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(check, "check");
    }

    /** No parameters, the default limits, no disk cache, no check: what a library caller gets. */
    public static LoadOptions defaults() {
        return new LoadOptions(Map.of(), ScriptLimits.defaults(), null, p -> { });
    }

    public LoadOptions withParameters(Map<String, String> values) {
        return new LoadOptions(values, limits, cache, check);
    }

    public LoadOptions withLimits(ScriptLimits newLimits) {
        return new LoadOptions(parameters, newLimits, cache, check);
    }

    public LoadOptions withCache(CompiledScriptCache newCache) {
        return new LoadOptions(parameters, limits, newCache, check);
    }

    public LoadOptions withCheck(Consumer<Path> newCheck) {
        return new LoadOptions(parameters, limits, cache, newCheck);
    }
}
