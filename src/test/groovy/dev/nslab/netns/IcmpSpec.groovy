package dev.nslab.netns

import dev.nslab.testing.Ip
import spock.lang.Specification

import java.time.Duration

/**
 * nslab's own ICMP echo, checked against iputils' ping on the same targets, and against the
 * target kernel's counters: an echo the kernel answered is counted in OutEchoReps there.
 */
class IcmpSpec extends Specification {

    def setup() {
        Ip.run(['ip', 'netns', 'add', 'i1'])
        Ip.run(['ip', 'netns', 'add', 'i2'])
        Ip.run(['ip', '-n', 'i1', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', 'i2'])
        ['i1': '1', 'i2': '2'].each { ns, n ->
            Ip.run(['ip', '-n', ns, 'addr', 'add', "10.7.0.$n/24".toString(), 'dev', 'eth0'])
            Ip.run(['ip', '-n', ns, 'addr', 'add', "fd07::$n/64".toString(), 'dev', 'eth0', 'nodad'])
            Ip.run(['ip', '-n', ns, 'link', 'set', 'eth0', 'up'])
            Ip.run(['ip', '-n', ns, 'link', 'set', 'lo', 'up'])
        }
        // IFF_LOWER_UP comes at once, but IPv6 is ready only when linkwatch (up to 1 s later) sets
        // operstate UP: wait for that, as a person would before pinging
        long deadline = System.currentTimeMillis() + 5000
        while (['i1', 'i2'].any { Ip.link(it, 'eth0').operstate != 'UP' } && System.currentTimeMillis() < deadline) {
            sleep(20)
        }
    }

    def cleanup() {
        ['i1', 'i2'].each { Ip.status(['ip', 'netns', 'del', it]) }
    }

    private static long counter(String ns, String file, String name) {
        def text = Ip.run(['ip', 'netns', 'exec', ns, 'cat', file])
        if (file.endsWith('snmp6')) {
            return text.readLines().find { it.startsWith(name + ' ') }.split(/\s+/)[1] as long
        }
        def lines = text.readLines().findAll { it.startsWith('Icmp:') }
        def names = lines[0].split(/\s+/) as List
        def values = lines[1].split(/\s+/) as List
        values[names.indexOf(name)] as long
    }

    private static Icmp.Echo echo(String ns, String target, long millis = 1000) {
        def h = NamedNamespaces.open(ns)
        try {
            Icmp.echo(h, InetAddress.getByName(target), Duration.ofMillis(millis))
        } finally {
            h.close()
        }
    }

    def "an IPv4 echo from inside i1 is answered by i2's kernel, which counts one more echo reply"() {
        given:
        long before = counter('i2', '/proc/net/snmp', 'OutEchoReps')
        long badBefore = counter('i2', '/proc/net/snmp', 'InCsumErrors')

        when:
        def e = echo('i1', '10.7.0.2')

        then:
        e.answered()
        e.rtt() > Duration.ZERO && e.rtt() < Duration.ofSeconds(1)
        counter('i2', '/proc/net/snmp', 'OutEchoReps') == before + 1
        counter('i2', '/proc/net/snmp', 'InCsumErrors') == badBefore
    }

    def "an IPv6 echo is answered too (the kernel fills in the ICMPv6 checksum)"() {
        given:
        long before = counter('i2', '/proc/net/snmp6', 'Icmp6OutEchoReplies')

        when:
        def e = echo('i1', 'fd07::2')

        then:
        e.answered()
        counter('i2', '/proc/net/snmp6', 'Icmp6OutEchoReplies') == before + 1
    }

    def "nslab's echo and iputils' ping agree on #target from #ns"() {
        when:
        def ours = echo(ns, target, 500)
        int theirs = Ip.status(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', target])

        then:
        ours.answered() == (theirs == 0)
        ours.answered() == answered

        where:
        ns   | target      || answered
        'i1' | '10.7.0.2'  || true
        'i2' | '10.7.0.1'  || true
        'i1' | '10.7.0.1'  || true
        'i1' | 'fd07::2'   || true
        'i1' | '10.7.0.9'  || false
        'i1' | 'fd07::9'   || false
        'i1' | '192.0.2.1' || false
    }

    def "without a route the kernel refuses to send, and the echo says so"() {
        when:
        def e = echo('i1', '192.0.2.1')

        then:
        !e.answered()
        e.detail() == 'not sent: ENETUNREACH (Network is unreachable): no route to 192.0.2.1'
    }

    def "a silent target times out after the given wait"() {
        when:
        long t0 = System.nanoTime()
        def e = echo('i1', '10.7.0.9', 300)
        long took = (System.nanoTime() - t0).intdiv(1_000_000)

        then:
        !e.answered()
        e.detail().startsWith('no reply within 300 ms') || e.detail().startsWith('host unreachable')
        took >= 250 && took < 2000
    }

    def "the host is a source too: the echo leaves from the namespace the handle names"() {
        given: 'the test JVM namespace has no route to 10.7.0.0/24'
        def host = NamedNamespaces.openCurrent('host')

        when:
        def e = Icmp.echo(host, InetAddress.getByName('10.7.0.2'), Duration.ofMillis(300))

        then:
        !e.answered()
        e.detail().startsWith('not sent: ENETUNREACH')

        cleanup:
        host.close()
    }
}
