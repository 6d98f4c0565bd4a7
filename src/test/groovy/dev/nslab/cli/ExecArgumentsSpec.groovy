package dev.nslab.cli

import dev.nslab.api.Nslab
import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

import java.nio.file.Paths

/** nslab exec NS CMD ARGS... and nslab sandbox FILE CMD ARGS... as ip netns exec: the command's options need no -- (issue 19.5). */
class ExecArgumentsSpec extends Specification {
    static final String TWO_HOSTS = 'dsl-examples/two-hosts.netns.groovy'

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "nslab exec h1 ping -c1 10.0.0.2 pings once, as ip netns exec would"() {
        given:
        Nslab.up(Paths.get(TWO_HOSTS))

        when:
        def (int rc, String out, String err) = Procs.cli(['exec', 'h1', 'ping', '-c1', '-W5', '10.0.0.2'])

        then:
        rc == 0
        out.contains('1 packets transmitted, 1 received')
        err == ''
    }

    def "the command's options reach it, with -- or without"() {
        given:
        Nslab.up(Paths.get(TWO_HOSTS))
        def witness = Ip.run(['ip', '-n', 'h1', '-4', '-o', 'addr', 'show', 'dev', 'eth0'])

        expect:
        Procs.cli(['exec', 'h1', 'ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'])[0..1] == [0, witness]
        Procs.cli(['exec', 'h1', '--', 'ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'])[0..1] == [0, witness]
        Procs.cli(['exec', 'h1', 'sh', '-c', 'exit 7'])[0] == 7
    }

    def "nslab sandbox FILE CMD ARGS runs the command with its options inside"() {
        when:
        def (int rc, String out, String err) = Procs.cli(['-q', 'sandbox', TWO_HOSTS, 'ip', '-n', 'h1', '-4', '-o', 'addr', 'show', 'dev', 'eth0'])

        then:
        rc == 0
        out.contains('inet 10.0.0.1/24')
        Labs.labs() == []
    }
}
