package dev.nslab.testing

import dev.nslab.api.Lab
import dev.nslab.api.Nslab
import dev.nslab.state.Labs

import java.nio.file.Paths

/**
 * A child process for the concurrency specs: brings the lab of SCRIPT up and down COUNT times
 * through the library API. A step refused because another process holds the lab ("lab X is being
 * changed by PID n") is counted and tried again after a short random pause; any other error ends
 * the process with status 1 and its stack trace. Prints {@code done ok=N busy=M} at the end.
 */
class Cycles {
    static int busy = 0
    static final Random RANDOM = new Random()

    static void main(String[] args) {
        def script = Paths.get(args[0])
        int count = args[1] as int
        int ok = 0
        for (int i = 0; i < count; i++) {
            Lab lab = retry { Nslab.up(script) }
            retry { lab.close() }
            ok++
        }
        println "done ok=$ok busy=$busy"
        System.exit(0)
    }

    private static <T> T retry(Closure<T> step) {
        while (true) {
            try {
                return step.call()
            } catch (dev.nslab.state.LabLock.LabBusyException e) {
                if (!(e.message ==~ /lab \S+ is being changed by PID \d+: wait for it to finish, then run again/)) {
                    throw e
                }
                busy++
                Thread.sleep(RANDOM.nextInt(40))
            }
        }
    }
}
