package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files

/**
 * 5000 addresses on one link, applied by the runner through a receive buffer forced small and
 * a window forced wide, so that the kernel drops acks (ENOBUFS). A run that lost acks says so and
 * asks to be run again; it never claims success or undoes what it may have done; the runs after
 * it converge, and iproute2 sees all 5000 addresses.
 */
class NetlinkLoadSpec extends Specification {
    static final int COUNT = 5000

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "5000 addresses through a small receive buffer: lost acks are reported, and up run again converges"() {
        given:
        def file = Files.createTempFile('load', '.netns.groovy')
        Files.writeString(file, """\
            lab 'load'
            namespace('big') {
                def v = veth('eth0')
                (0..<${COUNT}).each { i -> v.addr("10.80.\${i.intdiv(250)}.\${i % 250 + 1}/32") }
                v.peer('big-p')
            }
            """.stripIndent())
        List<Map> runs = []

        when: 'up is run until it reports success, at most 8 times'
        for (int i = 0; i < 8 && (runs.isEmpty() || runs[-1].rc != 0); i++) {
            runs << up(file)
        }
        def addresses = Ip.addresses('big').findAll { it.startsWith('eth0 10.80.') }

        then: 'the first run lost acks and said so, asking for another run; it undid nothing'
        runs[0].rc == 1
        runs[0].err.contains('were lost (ENOBUFS)')
        runs[0].err.contains('the lab is partly applied and was left as it is; run up again to converge')
        !runs[0].err.contains('undoing')

        and: 'a later run converged, and iproute2 sees every address'
        runs[-1].rc == 0
        addresses.size() == COUNT
        addresses.toSet() == (0..<COUNT).collect { "eth0 10.80.${it.intdiv(250)}.${it % 250 + 1}/32".toString() }.toSet()

        and: 'one more run changes nothing'
        up(file).out.contains('lab load: up to date, nothing changed')

        cleanup:
        Files.deleteIfExists(file)
    }

    /** nslab up in a child JVM whose request sockets have a 4 KiB receive buffer and a window of 5000. */
    private static Map up(java.nio.file.Path file) {
        def java = ProcessHandle.current().info().command().get()
        def p = new ProcessBuilder(java, '-Dnslab.netlink.rcvbuf=4096', "-Dnslab.netlink.window=${COUNT}".toString(),
                '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'up', file.toString()).start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }
}
