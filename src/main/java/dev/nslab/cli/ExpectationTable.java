package dev.nslab.cli;

import dev.nslab.check.Expectations;
import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The table {@code check} and {@code up} print: from, to, expectation, result, round-trip time, detail. */
final class ExpectationTable {
    private ExpectationTable() {
    }

    static void print(PrintWriter out, List<Expectations.Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"FROM", "TO", "EXPECT", "RESULT", "RTT", "WHERE", "DETAIL"});
        for (Expectations.Result r : results) {
            Expectation e = r.expectation();
            String rtt = r.echo() != null && r.echo().answered()
                    ? String.format("%.3f ms", r.echo().rtt().toNanos() / 1e6) : "-";
            rows.add(new String[]{e.fromNamespace(), Addresses.format(e.target()),
                    e.kind() == Expectation.Kind.PING ? "ping" : "noPing", r.passed() ? "pass" : "FAIL", rtt,
                    e.location().toString(), r.passed() ? "" : r.detail()});
        }
        int[] width = new int[7];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                s.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.println(s.toString().stripTrailing());
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.println(failed == 0 ? dev.nslab.model.Counts.of(results.size(), "expectation") + " passed"
                : failed + " of " + dev.nslab.model.Counts.of(results.size(), "expectation") + " failed (nslab doctor FILE says why)");
    }
}
