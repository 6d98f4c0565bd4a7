package dev.nslab.cli

/** Runs an nslab command line in this JVM and returns what it printed, for the specs of the commands. */
class Cli {
    /** @return [rc: exit status, out: stdout, err: stderr] */
    static Map run(String... args) {
        def out = new StringWriter(), err = new StringWriter()
        def cl = Main.commandLine(args)
        cl.out = new PrintWriter(out)
        cl.err = new PrintWriter(err)
        // A fresh Invocation per command, as Main.run gives one: -q or -v of an earlier
        // command in this JVM must not reach this one.
        int rc = dev.nslab.sys.Invocation.ownProcess().run { cl.execute(args) } as int
        [rc: rc, out: out.toString(), err: err.toString()]
    }
}
