package dev.nslab.cli;

import dev.nslab.apply.SpawnReadiness;
import dev.nslab.check.Expectations;
import dev.nslab.check.ResultTable;

import java.io.PrintWriter;
import java.util.List;

/** The table {@code check} and {@code up} print ({@link ResultTable}). */
final class ExpectationTable {
    private ExpectationTable() {
    }

    static void print(PrintWriter out, List<Expectations.Result> results) {
        print(out, List.of(), results);
    }

    static void print(PrintWriter out, List<SpawnReadiness.Waited> ready, List<Expectations.Result> results) {
        ResultTable.lines(rows(ready), results).forEach(out::println);
    }

    static List<ResultTable.Ready> rows(List<SpawnReadiness.Waited> ready) {
        return ready.stream().map(w -> new ResultTable.Ready(w.spawn().namespace(), w.spawn().name(),
                w.spawn().ready().describe(), w.took(), w.spawn().ready().location())).toList();
    }
}
