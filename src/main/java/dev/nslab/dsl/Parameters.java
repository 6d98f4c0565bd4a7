package dev.nslab.dsl;

import dev.nslab.model.Names;
import dev.nslab.model.SourceLocation;
import groovy.lang.GString;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A script's parameters: {@code param('hosts', 10)} in the script, {@code -P hosts=20} on the
 * command line. The value given is converted to the type of the default (int, long, boolean,
 * String, BigDecimal); without one, the default is the value. A value that does not convert, and
 * a value for a parameter the script never asks for, are mistakes of the run, named with the
 * parameter and the line of its {@code param}.
 *
 * <p>Values are given to one evaluation, not compiled into the script: the same text with other
 * values is the same compiled class ({@link ScriptCompiler}).
 */
final class Parameters {
    /** What a default's type is called in messages, and how a given value becomes one. */
    private record Kind(String name, String example, Function<String, Object> parse) {
    }

    private static final Map<Class<?>, Kind> KINDS = Map.of(
            Integer.class, new Kind("an int", "a whole number, like 20", v -> Integer.valueOf(v.strip())),
            Long.class, new Kind("a long", "a whole number, like 20", v -> Long.valueOf(v.strip())),
            Boolean.class, new Kind("a boolean", "true or false", Parameters::parseBoolean),
            String.class, new Kind("a String", "any text", v -> v),
            BigDecimal.class, new Kind("a BigDecimal", "a number, like 2.5", v -> new BigDecimal(v.strip())));

    /** A parameter the script asked for: where first, and its default's type. */
    private record Asked(SourceLocation at, Class<?> type) {
    }

    private final Map<String, String> given;
    private final Map<String, Asked> asked = new LinkedHashMap<>();

    /** @param given the values given, by name ({@code -P NAME=VALUE}) */
    Parameters(Map<String, String> given) {
        this.given = Map.copyOf(given);
    }

    Map<String, String> given() {
        return given;
    }

    /**
     * @return the value of parameter {@code name}: the one given, converted to the type of
     *         {@code defaultValue}, or {@code defaultValue}; the default too when the given one
     *         is a mistake, which is noted in {@code recorder}
     */
    Object value(Recorder recorder, String name, Object defaultValue) {
        SourceLocation at = recorder.here();
        if (recorder.given("param", name) == null || recorder.given("param '" + name + "'", defaultValue) == null) {
            return defaultValue;
        }
        Object fallback = defaultValue instanceof GString g ? g.toString() : defaultValue;
        if (!Names.isParameter(name)) {
            recorder.mistake("parameter name '" + Names.printable(name) + "' is not valid: " + Names.PARAMETER_RULE);
            return fallback;
        }
        Kind kind = KINDS.get(fallback.getClass());
        if (kind == null) {
            recorder.mistake("param '" + name + "': its default " + fallback + " is a " + fallback.getClass().getSimpleName()
                    + "; a parameter is an int, long, boolean, String or BigDecimal");
            return fallback;
        }
        Asked first = asked.putIfAbsent(name, new Asked(at, fallback.getClass()));
        if (first != null && first.type() != fallback.getClass()) {
            recorder.mistake("param '" + name + "' is " + kind.name() + " here, but " + KINDS.get(first.type()).name()
                    + " at line " + first.at().line() + ": give it one type");
            return fallback;
        }
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return kind.parse().apply(value);
        } catch (IllegalArgumentException e) {
            recorder.mistake("-P " + name + "=" + value + ": parameter '" + name + "' is " + kind.name() + " (its default is "
                    + fallback + "): give " + kind.example());
            return fallback;
        }
    }

    /** @return a mistake for each value given for a parameter the script did not ask for */
    List<DslException> unasked(String file) {
        List<DslException> found = new ArrayList<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (asked.containsKey(e.getKey())) {
                continue;
            }
            String suggestion = Words.closest(e.getKey(), asked.keySet());
            List<String> known = asked.entrySet().stream().map(a -> a.getKey() + " (line " + a.getValue().at().line() + ")").toList();
            found.add(new DslException(new SourceLocation(file, 0), "-P " + e.getKey() + "=" + e.getValue()
                    + ": the script has no parameter '" + e.getKey() + "'"
                    + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                    + (known.isEmpty() ? "; it asks for none" : "; it asks for " + String.join(", ", known))));
        }
        return found;
    }

    private static Boolean parseBoolean(String v) {
        String s = v.strip();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(v);
    }
}
