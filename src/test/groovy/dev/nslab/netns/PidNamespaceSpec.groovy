package dev.nslab.netns

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * nslab in a PID namespace of its own whose /proc is still the outer one (unshare --pid --fork
 * without --mount-proc): getpid() is not the PID /proc shows it under, so whatever compares with
 * /proc must use /proc/self (issue 14, item 9). Witnesses: ip netns, the exit status and output of
 * a command run inside the lab.
 */
class PidNamespaceSpec extends Specification {
    Path dir

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
        dir?.toFile()?.deleteDir()
    }

    private static Map nslab(String... args) {
        def java = ProcessHandle.current().info().command().get()
        def p = new ProcessBuilder(['unshare', '--pid', '--fork', '--', java, '-cp', System.getProperty('java.class.path'),
                                    'dev.nslab.cli.Main'] + (args as List)).start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    def "under unshare --pid --fork without --mount-proc, up, exec and down work"() {
        given:
        dir = Files.createTempDirectory('pidns')
        def f = dir.resolve('pidns.netns.groovy')
        Files.writeString(f, "namespace('p1') { veth 'eth0' addr '10.77.0.1/24' peer 'p1-p' addr '10.77.0.2/24' }\n")

        when:
        def up = nslab('up', f.toString())
        def exec = nslab('exec', 'p1', '--', 'ip', '-o', 'addr', 'show', 'dev', 'eth0')
        def down = nslab('down', 'pidns')

        then:
        up.rc == 0
        exec.rc == 0
        exec.out.contains('inet 10.77.0.1/24')
        down.rc == 0
        down.err == ''
        Ip.netns() == []
        !Ip.linkNames(null).contains('p1-p')
    }
}
