package dev.nslab.testing

import dev.nslab.api.Nslab
import dev.nslab.apply.Journal

import java.nio.file.Paths

/**
 * A child process for the concurrency specs: brings the lab of SCRIPT up and down COUNT times
 * through the library API. A run refused because another process holds the lab is counted, not
 * fatal; any other error ends the process with status 1 and its stack trace. Prints
 * {@code done ok=N busy=M} at the end.
 */
class Cycles {
    static void main(String[] args) {
        def script = Paths.get(args[0])
        int count = args[1] as int
        int ok = 0, busy = 0
        for (int i = 0; i < count; i++) {
            try {
                Nslab.up(script).withCloseable { }
                ok++
            } catch (Journal.LabBusyException e) {
                if (!(e.message ==~ /lab \S+ is being changed by PID \d+: wait for it to finish, then run again/)) {
                    throw e
                }
                busy++
            }
        }
        println "done ok=$ok busy=$busy"
        System.exit(0)
    }
}
