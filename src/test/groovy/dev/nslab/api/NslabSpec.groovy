package dev.nslab.api

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Path
import java.time.Duration

/** The library API on real labs, checked with ip -j, /proc and real ping. */
class NslabSpec extends Specification {

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "up brings the lab up and close takes it down, leaving the host's links as they were"() {
        given:
        def linksBefore = Ip.linkNames(null)

        when:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))

        then:
        lab.name() == 'two-hosts'
        lab.namespaces() == ['h1', 'h2']
        Ip.netns().toSet() == ['h1', 'h2'] as Set
        Ip.addresses('h1').contains('eth0 10.0.0.1/24')

        when:
        lab.close()
        lab.close()

        then: 'twice is harmless'
        Ip.netns() == []
        Ip.linkNames(null) == linksBefore
        Labs.labs() == []
    }

    def "exec runs inside the namespace: it sees that namespace's links, as ip -n does"() {
        given:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))

        when:
        def r = lab.exec('h1', 'cat', '/proc/net/dev')
        def seen = r.stdout().readLines().drop(2).collect { it.split(':')[0].trim() }.toSet()

        then:
        r.ok()
        r.exitCode() == 0
        seen == Ip.linkNames('h1').toSet()
        seen == ['lo', 'eth0'] as Set

    }

    def "exec reports the exit status and stderr of a failing command"() {
        given:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))

        when:
        def r = lab.exec('h2', 'sh', '-c', 'echo out; echo err >&2; exit 3')

        then:
        !r.ok()
        r.exitCode() == 3
        r.stdout() == 'out\n'
        r.stderr() == 'err\n'
        r.command() == ['sh', '-c', 'echo out; echo err >&2; exit 3']

        when:
        r.orThrow()

        then:
        def e = thrown(IllegalStateException)
        e.message == "'sh -c echo out; echo err >&2; exit 3' in h2 exited 3: err"
    }

    def "a process started by exec is in the namespace: ip netns identify names it"() {
        given:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))
        def pidFile = File.createTempFile('nslab-exec', '.pid')

        when: 'a background sleep in h2 writes its PID; identify it while it runs'
        lab.exec('h2', 'sh', '-c', "sleep 5 >/dev/null 2>&1 & echo \$! > ${pidFile}")
        def pid = pidFile.text.trim()
        def identified = Ip.run(['ip', 'netns', 'identify', pid]).trim()

        then:
        identified == 'h2'

        cleanup:
        if (pid) { Ip.status(['kill', pid]) }
        pidFile.delete()
    }

    def "exec kills a command that overruns its time limit and says so"() {
        given:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))
        long t0 = System.nanoTime()

        when:
        lab.exec('h1', ['sleep', '30'], Duration.ofMillis(300))

        then:
        def e = thrown(IllegalStateException)
        e.message.startsWith("'sleep 30' in h1 did not finish within 300 ms and was killed")
        (System.nanoTime() - t0) / 1e9 < 10
        !new File('/proc').listFiles().any { it.name ==~ /\d+/ && new File(it, 'cmdline').exists() &&
                (new File(it, 'cmdline').text.replace('\0', ' ').trim() == 'sleep 30') }
    }

    def "addressOf reads the link's address live, IPv4 first, else global IPv6"() {
        given:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))

        expect:
        lab.addressOf('h1', 'eth0') == '10.0.0.1'
        Ip.addresses('h1').contains("eth0 ${lab.addressOf('h1', 'eth0')}/24".toString())

        when: 'only IPv6 left'
        Ip.run(['ip', '-n', 'h1', 'addr', 'del', '10.0.0.1/24', 'dev', 'eth0'])

        then:
        lab.addressOf('h1', 'eth0') == 'fd00::1'
    }

    def "addressOf names what there is when the link or its address is missing"() {
        given:
        Lab bare = null
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))

        when:
        lab.addressOf('h1', 'eth9')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'lab two-hosts: no link eth9 in h1 (its links: lo, eth0)'

        when:
        bare = Nslab.up('bare', "namespace('b1') { veth 'eth0' peer 'b1-p' }")
        bare.addressOf('b1', 'eth0')

        then:
        e = thrown(IllegalArgumentException)
        // the kernel adds the fe80:: address a moment after carrier: "(only fe80::...)" may follow
        e.message.startsWith('lab bare: eth0 in b1 has no IPv4 or global IPv6 address')

        when:
        lab.exec('h3', 'true')

        then:
        e = thrown(IllegalArgumentException)
        e.message == 'lab two-hosts has no namespace h3 (it has: h1, h2, host)'
    }

    def "ping is true across the cable, false to an address nobody has, over IPv4 and IPv6"() {
        given: 'a lab from a classpath resource, both ends addressed'
        def lab = Nslab.upLocated('fixtures/pair.netns.groovy', NslabSpec)

        expect:
        lab.name() == 'pair'
        lab.ping('a', '10.0.1.2')
        lab.ping('b', lab.addressOf('a', 'eth0'))
        lab.ping('a', 'fd01::2')
        !lab.ping('a', '10.0.1.99')

        and: 'the independent witness agrees'
        Ip.status(['ip', 'netns', 'exec', 'a', 'ping', '-c', '1', '-W', '2', '10.0.1.2']) == 0
    }

    def "a lab used after close says it is down"() {
        given:
        def lab = Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy'))
        lab.close()

        when:
        lab.exec('h1', 'true')

        then:
        def e = thrown(IllegalStateException)
        e.message == 'lab two-hosts (dsl-examples/two-hosts.netns.groovy), down: it was taken down'
    }

    def "a script that is nowhere is named with both places looked at"() {
        when:
        Nslab.upLocated('fixtures/nope.netns.groovy', NslabSpec)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "lab script fixtures/nope.netns.groovy: no such file (in ${Path.of('').toAbsolutePath()}) and no such resource on the classpath of dev.nslab.api.NslabSpec"
        Ip.netns() == []
    }

    def "try-with-resources in Groovy: withCloseable takes the lab down after a failure inside"() {
        when:
        Nslab.up(Path.of('dsl-examples/two-hosts.netns.groovy')).withCloseable { lab ->
            assert Ip.netns().toSet() == ['h1', 'h2'] as Set
            throw new IllegalStateException('boom')
        }

        then:
        thrown(IllegalStateException)
        Ip.netns() == []
        Labs.labs() == []
    }
}
