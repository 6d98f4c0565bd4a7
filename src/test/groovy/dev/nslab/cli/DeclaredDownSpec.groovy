package dev.nslab.cli

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * A link the script declares down() is what the script asked for (issue 18.2): up brings the
 * lab up without waiting for its carrier, check fails where traffic needs it, doctor names the
 * link and the line. Witnesses: ip -j link, iputils ping, and the commands' own output.
 */
class DeclaredDownSpec extends Specification {
    Path dir = Files.createTempDirectory('declared-down')

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
        dir.toFile().deleteDir()
    }

    def "a lab with a link declared down comes up; check fails across it; doctor names the link and its line"() {
        given: "a veth whose end in 'broken' is declared down, and its peer in 'h1' up"
        Path file = dir.resolve('exercise.netns.groovy')
        Files.writeString(file, """\
            lab 'exercise'
            namespace('broken')
            namespace('h1') {
                veth('eth0').addr('10.0.0.1/24').peer('eth0').netns('broken').addr('10.0.0.2/24').down()
            }
            """.stripIndent())

        when:
        def up = Cli.run('up', file.toString())

        then: 'up succeeds: it does not wait for a carrier the script says will not come'
        up.rc == 0
        up.err == ''

        and: 'ip sees the declared end down and its peer up without carrier'
        !(Ip.link('broken', 'eth0').flags as List).contains('UP')
        // no LOWER_UP: no carrier (ip adds NO-CARRIER once the kernel's link watcher has set the
        // operstate, which it may do up to a second later)
        (Ip.link('h1', 'eth0').flags as List).contains('UP')
        !(Ip.link('h1', 'eth0').flags as List).contains('LOWER_UP')

        and: 'a ping across fails'
        Ip.status(['ip', 'netns', 'exec', 'h1', 'ping', '-c', '1', '-W', '1', '10.0.0.2']) != 0

        when: 'the exercise asks for the ping'
        Files.writeString(file, Files.readString(file) + "ping 'h1' to '10.0.0.2'\n")
        def check = Cli.run('check', file.toString())
        def doctor = Cli.run('doctor', file.toString())

        then: 'check fails at the ping line'
        check.rc == 1
        check.out.readLines()[1] ==~ /h1\s+10\.0\.0\.2\s+ping\s+FAIL\s+.*exercise\.netns\.groovy:6\s.*/

        and: 'doctor names the declared-down link and the line that declares it, and nothing it should not'
        doctor.rc == 1
        doctor.out.readLines() == ["$file:4: eth0 (broken) is down, as line 4 declares".toString()]

        when: 'the student fixes the line and brings the lab up again'
        Files.writeString(file, Files.readString(file).replace(".addr('10.0.0.2/24').down()", ".addr('10.0.0.2/24')"))
        def fixed = Cli.run('up', file.toString())

        then: 'the ping passes'
        fixed.rc == 0
        Cli.run('check', file.toString()).rc == 0
        Ip.status(['ip', 'netns', 'exec', 'h1', 'ping', '-c', '1', '-W', '1', '10.0.0.2']) == 0
    }
}
