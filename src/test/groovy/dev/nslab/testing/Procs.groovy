package dev.nslab.testing

import java.nio.file.Files
import java.nio.file.Paths

/**
 * Processes for the specs, placed with independent tools (iproute2's ip netns exec, util-linux,
 * perl), and killed by PID in cleanup.
 */
class Procs {
    final List<Process> started = []
    final List<Integer> extra = []

    /** Starts a command and returns its process (its output is discarded). */
    Process start(List<String> cmd) {
        def p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        started << p
        p
    }

    /** {@code ip netns exec NS sh -c SCRIPT}: ip execs, so the PID is the shell's. */
    Process inNamespace(String ns, String script) {
        start(['ip', 'netns', 'exec', ns, 'sh', '-c', script])
    }

    /**
     * A perl process whose main thread stays where it is and whose second thread enters {@code ns}
     * with setns(2): a member {@code ip netns pids} does not see.
     */
    Process threadOnlyMember(String ns) {
        int setns = System.getProperty('os.arch') == 'aarch64' ? 268 : 308
        def p = start(['perl', '-e', """
            use threads;
            open(my \$f, '<', '/run/netns/$ns') or die "open: \$!";
            threads->create(sub { syscall($setns, fileno(\$f), 0x40000000) == 0 or die "setns: \$!"; sleep 1000 })->detach;
            sleep 1000;
        """.toString()])
        extra << (int) p.pid()
        p
    }

    /** Waits until {@code condition} holds, polling, at most {@code millis}. */
    static boolean eventually(long millis = 5000, Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + millis
        while (System.currentTimeMillis() < deadline) {
            try {
                if (condition()) {
                    return true
                }
            } catch (java.nio.file.NoSuchFileException notYet) {
                // e.g. /proc/PID/fd/N before the process opened it
            }
            Thread.sleep(20)
        }
        condition()
    }

    /** {@code ip netns pids NS}: the witness. */
    static List<Integer> ipPids(String ns) {
        Ip.run(['ip', 'netns', 'pids', ns]).readLines()*.trim().findAll()*.toInteger().sort()
    }

    /** Gone: no /proc entry, or a zombie waiting to be reaped. */
    static boolean gone(int pid) {
        def stat = Paths.get("/proc/$pid/stat")
        if (!Files.exists(stat)) {
            return true
        }
        try {
            def s = Files.readString(stat)
            return s.substring(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3) == 'Z'
        } catch (IOException ended) {
            return true
        }
    }

    /** Kills what this helper started, by PID, and waits for it. */
    void killAll() {
        started.each { p ->
            p.descendants().forEach { it.destroyForcibly() }
            p.destroyForcibly()
            p.waitFor()
        }
    }

    /** Runs nslab's CLI in a JVM of its own (same sandbox), feeding {@code stdin}; returns [status, out, err]. */
    static List cli(List<String> args, String stdin = '') {
        def java = ProcessHandle.current().info().command().orElse('java')
        def cmd = [java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main'] + args
        def p = new ProcessBuilder(cmd).start()
        p.outputStream.withWriter { it << stdin }
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        [p.exitValue(), out.toString(), err.toString()]
    }
}
