package dev.nslab.apply

import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Paths

/** Runs the examples for real, in the sandboxed test JVM, and checks them with ip -j and ping. */
class ApplierSpec extends Specification {

    def cleanup() {
        Journal.labs().each { Applier.down(it) }
    }

    private static def load(String example) {
        new ScriptRunner().load(Paths.get("dsl-examples/${example}.netns.groovy"))
    }

    def "the two-hosts example comes up, pings across, and goes down without residue"() {
        given:
        def linksBefore = Ip.linkNames(null)

        when:
        def result = Applier.up(load('two-hosts'))

        then:
        result.requests() > 0
        Ip.netns().toSet() == ['h1', 'h2'] as Set
        Ip.addresses('h1').containsAll(['eth0 10.0.0.1/24', 'eth0 fd00::1/64'])
        Ip.link('h2', 'eth0').flags.contains('LOWER_UP')
        Ip.link('h1', 'lo').flags.contains('UP')
        Ip.addresses('h2').containsAll(['eth0 10.0.0.2/24', 'eth0 fd00::2/64'])
        Ip.status(['ip', 'netns', 'exec', 'h1', 'ping', '-c', '1', '-W', '2', '10.0.0.2']) == 0

        when:
        Applier.down('two-hosts')

        then:
        Ip.netns() == []
        Ip.linkNames(null) == linksBefore
        !new File('/run/nslab/two-hosts/journal').exists()
    }

    def "a second up of an unchanged script makes no netlink write and recreates nothing"() {
        given:
        def lab = load('star')
        Applier.up(lab)
        def before = Ip.links(null).collectEntries { [(it.ifname): it.ifindex] }
        def dumpBefore = Ip.addresses('h3')

        when:
        def again = Applier.up(lab)

        then:
        again.plan().isEmpty()
        again.requests() == 0
        Ip.links(null).collectEntries { [(it.ifname): it.ifindex] } == before
        Ip.addresses('h3') == dumpBefore
    }

    def "the star's bridge ports forward: a host namespace pings the bridge"() {
        when:
        Applier.up(load('star'))

        then:
        Ip.link(null, 'h5-eth0').master == 'br0'
        Ip.status(['ip', 'netns', 'exec', 'h5', 'ping', '-c', '1', '-W', '2', '10.0.0.1']) == 0
        Ip.status(['ip', 'netns', 'exec', 'h2', 'ping', '-c', '1', '-W', '2', '10.0.0.7']) == 0
    }

    def "up converges: what the lab owns but no longer declares is removed"() {
        given:
        def runner = new ScriptRunner()
        Applier.up(runner.load('conv.netns.groovy', '''
            namespace('c1') { veth 'eth0' addr '10.9.0.1/24' peer 'c-p1' }
            namespace('c2') { veth 'eth0' addr '10.9.0.2/24' peer 'c-p2' }
        '''))

        when:
        Applier.up(runner.load('conv.netns.groovy', '''
            namespace('c1') { veth 'eth0' addr '10.9.0.5/24' peer 'c-p1' }
        '''))

        then:
        Ip.netns() == ['c1']
        Ip.addresses('c1').contains('eth0 10.9.0.5/24')
        !Ip.addresses('c1').contains('eth0 10.9.0.1/24')
        !Ip.linkNames(null).contains('c-p2')
    }

    def "a link name already taken in the host by something else is refused, and nothing is created"() {
        given:
        Ip.run(['ip', 'link', 'add', 'taken0', 'type', 'bridge'])

        when:
        Applier.up(new ScriptRunner().load('clash.netns.groovy', '''
            namespace('k1') { veth 'eth0' peer 'taken0' }
        '''))

        then:
        def e = thrown(dev.nslab.plan.PlanException)
        e.message == "clash.netns.groovy:2: link 'taken0' already exists in the host and was not made by lab 'clash': choose another name, or remove it (ip link del taken0)"
        Ip.netns() == []

        cleanup:
        Ip.run(['ip', 'link', 'del', 'taken0'])
    }
}
