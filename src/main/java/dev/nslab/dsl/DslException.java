package dev.nslab.dsl;

import dev.nslab.model.SourceLocation;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A mistake in a lab script, reported as {@code FILE:LINE: what is wrong}; or, as a compiler
 * does, every mistake found in the script's first phase that had any ({@link #problems()}), one
 * per line in file order, the first of them being this exception's own location and problem.
 *
 * <p>The message text is part of nslab's interface: the specs assert it exactly,
 * so change it only on purpose.
 */
public class DslException extends RuntimeException {

    /** How many mistakes a message lists at most; more are counted in a last line. */
    public static final int MAX_REPORTED = 20;

    private final SourceLocation location;
    private final String problem;
    private final List<DslException> problems;

    /**
     * @param location where in the script the mistake is
     * @param problem  what is wrong, and where sensible what to do; no location prefix
     */
    public DslException(SourceLocation location, String problem) {
        this(location, problem, null);
    }

    /** As {@link #DslException(SourceLocation, String)}, keeping the exception that revealed the mistake. */
    public DslException(SourceLocation location, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
        this.location = Objects.requireNonNull(location, "location");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.problems = List.of(this);
    }

    private DslException(List<DslException> sorted) {
        super(message(sorted), sorted.get(0).getCause());
        this.location = sorted.get(0).location;
        this.problem = sorted.get(0).problem;
        this.problems = sorted;
    }

    /**
     * @param found mistakes, at least one, in any order
     * @return the one exception that reports them all, in file order (the order found for one line)
     */
    static DslException of(List<DslException> found) {
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no mistakes to report");
        }
        Map<String, DslException> once = new LinkedHashMap<>(); // a mistake found twice is reported once
        found.stream().flatMap(e -> e.problems.stream()).forEach(e -> once.putIfAbsent(e.location + ": " + e.problem, e));
        List<DslException> sorted = once.values().stream().sorted(Comparator.comparingInt(e -> e.location.line())).toList();
        return sorted.size() == 1 ? sorted.get(0) : new DslException(sorted);
    }

    private static String message(List<DslException> sorted) {
        StringBuilder out = new StringBuilder();
        for (DslException e : sorted.subList(0, Math.min(sorted.size(), MAX_REPORTED))) {
            out.append(out.length() == 0 ? "" : "\n").append(e.location).append(": ").append(e.problem);
        }
        if (sorted.size() > MAX_REPORTED) {
            out.append('\n').append(sorted.get(0).location.file()).append(": ").append(sorted.size() - MAX_REPORTED)
                    .append(" more mistakes not shown (").append(sorted.size()).append(" in all)");
        }
        return out.toString();
    }

    /** @return where in the script the (first) mistake is */
    public SourceLocation location() {
        return location;
    }

    /** @return the (first) message without the location prefix */
    public String problem() {
        return problem;
    }

    /** @return every mistake reported, in file order; this one alone when there is one */
    public List<DslException> problems() {
        return problems;
    }
}
