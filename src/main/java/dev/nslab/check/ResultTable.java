package dev.nslab.check;

import dev.nslab.model.Counts;
import dev.nslab.model.SourceLocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code up} and {@code check} print, and {@code @NetnsLab} fails a test with: one row
 * per spawn readiness ({@code ready tcp:8080}, how long it took) and per expectation (from, to,
 * expectation, result, round-trip or connect time, script line, and what was seen when it failed).
 */
public final class ResultTable {
    private static final String[] HEADER = {"FROM", "TO", "EXPECT", "RESULT", "TIME", "WHERE", "DETAIL"};

    private ResultTable() {
    }

    /** A spawn that became ready: {@code ns}, the spawn's name, {@code tcp:8080}, the time it took. */
    public record Ready(String namespace, String spawn, String condition, Duration took, SourceLocation location) {
    }

    /** @return the table's lines, the last one the summary */
    public static List<String> lines(List<Ready> ready, List<Expectations.Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Ready r : ready) {
            rows.add(new String[]{r.namespace(), r.spawn(), "ready " + r.condition(), "pass", ms(r.took()),
                    r.location().toString(), ""});
        }
        for (Expectations.Result r : results) {
            var e = r.expectation();
            rows.add(new String[]{e.fromNamespace(), e.describeTarget(), e.kind().word(), r.passed() ? "pass" : "FAIL",
                    r.time() == null ? "-" : ms(r.time()), e.location().toString(), r.passed() ? "" : r.detail()});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                s.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.add(s.toString().stripTrailing());
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        String ready1 = ready.isEmpty() ? "" : Counts.of(ready.size(), "spawn") + " ready; ";
        out.add(ready1 + (failed == 0 ? Counts.of(results.size(), "expectation") + " passed"
                : failed + " of " + Counts.of(results.size(), "expectation") + " failed (nslab doctor FILE says why)"));
        return out;
    }

    /** @return the table as one text, a line each */
    public static String format(List<Ready> ready, List<Expectations.Result> results) {
        return String.join("\n", lines(ready, results));
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
    }
}
