package dev.nslab.check

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.cli.Main
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

/** Expectations run on real labs: by {@code nslab check}, and at the end of {@code nslab up}. */
class CheckSpec extends Specification {
    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    /** Runs the command line and returns [exit status, stdout]. */
    static List run(String... args) {
        def saved = System.out
        def buffer = new ByteArrayOutputStream()
        System.out = new PrintStream(buffer, true)
        try {
            int rc = Main.run(args)
            return [rc, buffer.toString()]
        } finally {
            System.out = saved
        }
    }

    def "check passes on the router lab: left reaches right through r, the host does not"() {
        given:
        Applier.up(new ScriptRunner().load(Paths.get('dsl-examples/router.netns.groovy')))

        when:
        def (rc, out) = run('check', 'dsl-examples/router.netns.groovy')
        def lines = out.readLines()

        then:
        rc == 0
        lines[0].split(/\s+/) as List == ['FROM', 'TO', 'EXPECT', 'RESULT', 'TIME', 'WHERE', 'DETAIL']
        lines[1] ==~ /left\s+10\.2\.0\.2\s+ping\s+pass\s+\d+\.\d{3} ms\s+dsl-examples\/router\.netns\.groovy:13/
        lines[2] ==~ /host\s+10\.2\.0\.2\s+noPing\s+pass\s+-\s+dsl-examples\/router\.netns\.groovy:14/
        lines[3] == '2 expectations passed'
        and: 'iputils ping agrees'
        Ip.status(['ip', 'netns', 'exec', 'left', 'ping', '-c', '1', '-W', '1', '10.2.0.2']) == 0
    }

    def "check fails with exit 1 when the router stops forwarding, and says which expectation and why"() {
        given:
        Applier.up(new ScriptRunner().load(Paths.get('dsl-examples/router.netns.groovy')))
        Ip.run(['ip', 'netns', 'exec', 'r', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=0'])

        when:
        def (rc, out) = run('check', 'dsl-examples/router.netns.groovy')
        def lines = out.readLines()

        then:
        rc == 1
        lines[1] ==~ /left\s+10\.2\.0\.2\s+ping\s+FAIL\s+-\s+dsl-examples\/router\.netns\.groovy:13\s+no reply within 1000 ms \(3 echoes sent\)/
        lines[2].contains('noPing  pass')
        lines[3] == '1 of 2 expectations failed (nslab doctor FILE says why)'
        and: 'iputils ping agrees'
        Ip.status(['ip', 'netns', 'exec', 'left', 'ping', '-c', '1', '-W', '1', '10.2.0.2']) != 0
    }

    def "up runs the expectations after applying, and exits 1 with the table when one fails"() {
        given:
        def dir = Files.createTempDirectory('nslab-check')
        def script = dir.resolve('wrong.netns.groovy')
        script.toFile().text = '''\
            namespace('w1') { veth 'eth0' addr '10.5.0.1/24' addr 'fd05::1/64' peer 'eth0' netns 'w2' addr '10.5.0.2/24' addr 'fd05::2/64' }
            namespace 'w2'
            ping 'w1' to '10.5.0.2'
            ping 'w2' to 'fd05::1'
            noPing 'w1' to '10.5.0.2'
            '''.stripIndent()

        when:
        def (rc, out) = run('up', script.toString())
        def lines = out.readLines()

        then:
        rc == 1
        Ip.netns().toSet() == ['w1', 'w2'] as Set
        lines[0].startsWith('lab wrong: ')
        lines[2] ==~ /w1\s+10\.5\.0\.2\s+ping\s+pass.*/
        lines[3] ==~ /w2\s+fd05::1\s+ping\s+pass.*/
        lines[4] ==~ /w1\s+10\.5\.0\.2\s+noPing\s+FAIL\s+\d+\.\d{3} ms\s+.*wrong\.netns\.groovy:5\s+answered: reply in .*/
        lines[5] == '1 of 3 expectations failed (nslab doctor FILE says why)'
    }

    def "a missing source namespace fails the expectation and says so"() {
        when:
        def (rc, out) = run('check', 'dsl-examples/two-hosts.netns.groovy')

        then:
        rc == 1
        out.readLines()[1].endsWith("namespace 'h1' does not exist: is the lab up?")
    }
}
