package dev.nslab.cli;

import dev.nslab.dsl.ScriptLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The options of every command that runs a script: {@code --trust} ({@link ScriptTrust}) and
 * {@code --timeout}.
 */
final class ScriptOptions {
    @Mixin
    ScriptTrust trust;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop a script that runs longer than this, as a script error (default: 180).")
    void setTimeout(double seconds) {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException("--timeout " + seconds + ": give a number of seconds from 0 to 86400");
        }
        timeout = Duration.ofMillis(Math.round(seconds * 1000));
    }

    private Duration timeout = ScriptLimits.DEFAULT_TIMEOUT;

    /** The limits the script is evaluated within. */
    ScriptLimits limits() {
        return ScriptLimits.defaults().withTimeout(timeout);
    }
}
