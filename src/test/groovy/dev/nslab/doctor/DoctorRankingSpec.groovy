package dev.nslab.doctor

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.cli.Cli
import dev.nslab.testing.Ip
import spock.lang.Specification

/**
 * doctor ranks causes before symptoms: one cause per broken path, what it explains indented
 * under it, each with its script line, and no advice that would not help. Exact output, as a
 * student reads it.
 */
class DoctorRankingSpec extends Specification {
    static final String CHAIN = 'dsl-examples/teaching/chain.netns.groovy'
    static final String BROKEN = 'dsl-examples/teaching/broken.netns.groovy'

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "a link taken down at run time is the one cause: the routes the kernel dropped and the pings that died are under it, with no route to add"() {
        given:
        assert Cli.run('up', CHAIN).rc == 0
        Ip.run(['ip', '-n', 'r1', 'link', 'set', 'eth1', 'down'])

        when:
        def r = Cli.run('doctor', CHAIN)

        then:
        r.rc == 1
        r.out == """\
            $CHAIN:14: eth1 (r2) has no carrier: its peer eth1 (r1) is down: set it up
              because of it: $CHAIN:15: route 10.0.2.0/24 via 10.0.12.2 is gone from namespace 'r1': the kernel drops a route whose link goes down; it comes back with the link
              because of it: $CHAIN:27: ping 'h1' to 10.0.2.2 fails: namespace 'r1' has no route to 10.0.2.2 since route 10.0.2.0/24 (line 15) went with its link
              because of it: $CHAIN:29: ping 'h1' to 10.0.12.2 fails: namespace 'r1' has no route to 10.0.12.2 since eth1, its link to that subnet, is down
            """.stripIndent()
        !r.out.contains("add route 'default'")
    }

    def "two pings that die at one place are one cause, at the line of the route to correct"() {
        given:
        assert Cli.run('up', BROKEN).rc == 1 // its expectations fail: that is the exercise

        when:
        def r = Cli.run('doctor', BROKEN)

        then:
        r.rc == 1
        r.out == """\
            $BROKEN:20: namespace 'r2' has no route to 10.0.1.2: its route 10.0.3.0/24 via 10.0.12.1 does not cover 10.0.1.2; correct that route's destination, or add route 'default' via '10.0.12.1' in namespace('r2') (the router eth1 (r1))
              because of it: $BROKEN:27: ping 'h1' to 10.0.2.2 fails there: the reply dies in namespace 'r2'
              because of it: $BROKEN:28: ping 'h2' to 10.0.1.2 fails there: the packets die in namespace 'r2'
            """.stripIndent()
    }

    def "the same cable down, seen from the script: every finding names a line of the script"() {
        given:
        assert Cli.run('up', CHAIN).rc == 0
        Ip.run(['ip', '-n', 'r1', 'link', 'set', 'eth1', 'down'])

        when:
        def lab = new dev.nslab.dsl.ScriptRunner().load(java.nio.file.Paths.get(CHAIN))
        def findings = Doctor.diagnose(lab, Observer.observe(lab))

        then:
        findings.size() == 1
        (findings + findings*.consequences.flatten()).every { it.location().line() > 0 }
    }
}
