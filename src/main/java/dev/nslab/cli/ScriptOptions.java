package dev.nslab.cli;

import dev.nslab.api.LoadOptions;
import dev.nslab.dsl.CompiledScriptCache;
import dev.nslab.dsl.ScriptLimits;
import dev.nslab.model.Names;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of every command that runs a script: {@code --trust} ({@link ScriptTrust}),
 * {@code -P NAME=VALUE} (the script's parameters) and {@code --timeout}.
 */
final class ScriptOptions {
    /** Compiled scripts kept for the next run (see {@link CompiledScriptCache}); null when turned off. */
    private static final CompiledScriptCache DISK_CACHE = CompiledScriptCache.fromEnvironment();

    @Mixin
    ScriptTrust trust;

    @Option(names = "-P", paramLabel = "NAME=VALUE",
            description = "Give the script's parameter NAME (param('NAME', DEFAULT)) the value VALUE, of DEFAULT's type. Repeatable.")
    private List<String> parameterArguments = new ArrayList<>();

    private Duration timeout = ScriptLimits.DEFAULT_TIMEOUT;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop a script that runs longer than this, as a script error (default: 180).")
    void setTimeout(double seconds) {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException("--timeout " + seconds + ": give a number of seconds from 0 to 86400");
        }
        timeout = Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * How {@link dev.nslab.api.Nslab} is to load the script: {@code -P}'s values, {@code --timeout},
     * the disk cache, and {@link ScriptTrust#require the check} that no one but its owner and root
     * could have changed it (a script is code, and nslab runs it as root).
     */
    LoadOptions load() {
        return new LoadOptions(parameters(), limits(), DISK_CACHE, trust::require);
    }

    /** The limits the script is evaluated within. */
    ScriptLimits limits() {
        return ScriptLimits.defaults().withTimeout(timeout);
    }

    /**
     * @return the values given with {@code -P}, by name
     * @throws IllegalArgumentException (a usage error) for one that is not NAME=VALUE, or a name given twice
     */
    Map<String, String> parameters() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String a : parameterArguments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-P " + a + ": write -P NAME=VALUE");
            }
            String name = a.substring(0, eq);
            String value = a.substring(eq + 1);
            if (!Names.isParameter(name)) {
                throw new IllegalArgumentException("-P " + Names.printable(a) + ": parameter name '" + Names.printable(name)
                        + "' is not valid: " + Names.PARAMETER_RULE);
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("-P " + name + ": a value is one line of text");
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("-P " + name + " is given twice");
            }
        }
        return values;
    }

    /** These options as command-line words, for a command that runs nslab again (sandbox, a systemd unit). */
    List<String> arguments() {
        List<String> words = new ArrayList<>();
        if (trust.trust) {
            words.add("--trust");
        }
        if (!timeout.equals(ScriptLimits.DEFAULT_TIMEOUT)) {
            words.add("--timeout=" + timeout.toMillis() / 1000.0);
        }
        parameters().forEach((name, value) -> words.add("-P" + name + "=" + value));
        return words;
    }
}
