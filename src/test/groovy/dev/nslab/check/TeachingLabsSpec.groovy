package dev.nslab.check

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.cli.Cli
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The labs of dsl-examples/teaching/ work as their README says: brought up with the command
 * line a teacher uses, checked with nslab's expectations and with iputils' ping and iproute2 as
 * witnesses; the exercise fails until its one wrong line is corrected.
 */
class TeachingLabsSpec extends Specification {
    static final Path TEACHING = Paths.get('dsl-examples/teaching')

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    static String file(String name) {
        TEACHING.resolve(name + '.netns.groovy').toString()
    }

    /** iputils' ping from inside {@code ns}: the witness that does not share nslab's code. */
    static boolean ping(String ns, String address) {
        Ip.status(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '5', address]) == 0
    }

    def "linuxrouter: Mininet's router r0 joins three subnets, each host reaches the others through it"() {
        when:
        def r = Cli.run('up', file('linuxrouter'))

        then:
        r.rc == 0
        r.out.contains('4 expectations passed')
        Ip.run(['ip', 'netns', 'exec', 'r0', 'sysctl', '-n', 'net.ipv4.ip_forward']).trim() == '1'
        Ip.addresses('r0').containsAll(['r0-eth1 192.168.1.1/24', 'r0-eth2 172.16.0.1/12', 'r0-eth3 10.0.0.1/8'])
        ['s1', 's2', 's3'].every { sw -> Ip.run(['ip', '-n', sw, '-br', 'link', 'show', 'master', sw]).readLines().size() == 2 }
        ping('h1', '10.0.0.100')
        ping('h3', '172.16.0.100')
    }

    /** Who answers a ping from {@code ns} sent with TTL {@code ttl}: the router at that hop ("Time to live exceeded"), or the target. */
    static String hop(String ns, int ttl, String address) {
        def p = new ProcessBuilder(['ip', 'netns', 'exec', ns, 'ping', '-n', '-c', '1', '-W', '5', '-t', ttl as String, address])
                .redirectErrorStream(true).start()
        def text = p.inputStream.text
        p.waitFor()
        def m = text =~ /(?m)^(?:From|\d+ bytes from) ([0-9.]+)/
        m.find() ? m.group(1) : text
    }

    def "chain: h1 and h2 reach each other over two routers with static routes; each hop answers in turn"() {
        when:
        def r = Cli.run('up', file('chain'))
        def hops = (1..3).collect { hop('h1', it, '10.0.2.2') }

        then:
        r.rc == 0
        r.out.contains('3 expectations passed')
        ping('h1', '10.0.2.2')
        ping('h2', '10.0.1.2')
        hops == ['10.0.1.1', '10.0.12.2', '10.0.2.2']
    }

    def "broken: up succeeds, check fails on both pings, doctor names the wrong line; corrected, check passes"() {
        given: "a student's copy of the exercise"
        def dir = Files.createTempDirectory('teaching')
        def copy = dir.resolve('broken.netns.groovy')
        Files.copy(Paths.get(file('broken')), copy)

        when: 'the lab comes up; its expectations fail'
        def up = Cli.run('up', copy.toString())

        then: 'everything the script declares is made, but h1 and h2 do not reach each other'
        up.rc == 1
        up.out.contains('2 of 2 expectations failed (nslab doctor FILE says why)')
        Ip.netns().containsAll(['h1', 'r1', 'r2', 'h2'])
        !ping('h1', '10.0.2.2')
        ping('h1', '10.0.1.1')

        when:
        def check = Cli.run('check', copy.toString())
        def doctor = Cli.run('doctor', copy.toString())

        then:
        check.rc == 1
        doctor.rc == 1
        doctor.out.contains(DOCTOR_SAYS)

        when: "the student corrects r2's route and brings the lab up again"
        Files.writeString(copy, Files.readString(copy).replace("route '10.0.3.0/24' via '10.0.12.1'", "route '10.0.1.0/24' via '10.0.12.1'"))
        def fixed = Cli.run('up', copy.toString())
        def again = Cli.run('check', copy.toString())

        then:
        fixed.rc == 0
        again.rc == 0
        again.out.contains('2 expectations passed')
        ping('h1', '10.0.2.2')
        Cli.run('doctor', copy.toString()).out == 'lab broken: healthy\n'

        cleanup:
        dir.toFile().deleteDir()
    }

    /** The place where the replies die, and the line to correct: r2's route to the wrong network. */
    static final String DOCTOR_SAYS = "broken.netns.groovy:20: namespace 'r2' has no route to 10.0.1.2: its route 10.0.3.0/24 via 10.0.12.1 does not cover 10.0.1.2"
}
