package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Paths

/** Runs the examples for real, in the sandboxed test JVM, and checks them with ip -j and ping. */
class ApplierSpec extends Specification {

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
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

    def "links where the lab declares no IPv6 get no link-local address and stay silent; where it does, they keep it"() {
        when:
        Applier.up(load('star'))
        sleep(1500) // DAD, router solicitations and MLD reports would go out within this

        then: "star declares no IPv6: no fe80 address on either end, and the host end sent no ICMPv6 at all"
        Ip.json('h3', '-d', 'link', 'show', 'eth0')[0].inet6_addr_gen_mode == 'none'
        Ip.json(null, '-d', 'link', 'show', 'br0')[0].inet6_addr_gen_mode == 'none'
        !Ip.addresses('h3').any { it.contains('fe80') }
        !Ip.addresses(null).any { it.startsWith('h3-eth0 fe80') || it.startsWith('br0 fe80') }
        snmp6('h3-eth0')['Icmp6OutMsgs'] == 0

        when:
        Applier.down('star')
        Applier.up(load('two-hosts'))

        then: "two-hosts declares IPv6 in h1 and h2: their links make a link-local address as usual"
        Ip.addresses('h1').any { it.startsWith('eth0 fe80:') }
        Ip.addresses('h2').any { it.startsWith('eth0 fe80:') }
    }

    /** The kernel's per-device IPv6 counters of a host link (/proc/net/dev_snmp6). */
    private static Map<String, Long> snmp6(String dev) {
        new File("/proc/net/dev_snmp6/$dev").readLines().collectEntries { line ->
            def (name, value) = line.trim().split(/\s+/)
            [(name): value as long]
        }
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

    def "the seed article's bridge lab takes over a stand-in eth0, and down gives it back as it was"() {
        given: 'a stand-in for the machine eth0, with an address and the default route'
        Ip.run(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'wire0'])
        Ip.run(['ip', 'addr', 'add', '192.168.56.130/24', 'dev', 'eth0'])
        Ip.run(['ip', 'link', 'set', 'eth0', 'up'])
        Ip.run(['ip', 'link', 'set', 'wire0', 'up'])
        Ip.run(['ip', 'route', 'add', 'default', 'via', '192.168.56.1'])
        def lab = load('seed-bridge')

        when: 'without permission'
        Applier.up(lab)

        then:
        def refused = thrown(dev.nslab.plan.PlanException)
        refused.message == "dsl-examples/seed-bridge.netns.groovy:5: uplink 'eth0' is a device this lab did not create: pass --allow-host-devices to let nslab change it"
        Ip.netns() == []

        when:
        Applier.up(lab, true)

        then: 'the bridge holds the address, eth0 is its port, and ns1 reaches the bridge'
        Ip.addresses(null).contains('br0 192.168.56.130/24')
        !Ip.addresses(null).contains('eth0 192.168.56.130/24')
        Ip.link(null, 'eth0').master == 'br0'
        Ip.link(null, 'veth1').master == 'br0'
        Ip.link('ns1', 'veth2').flags.contains('LOWER_UP')
        Ip.status(['ip', 'netns', 'exec', 'ns1', 'ping', '-c', '1', '-W', '2', '192.168.56.130']) == 0

        when:
        Applier.down('seed-bridge')

        then: 'eth0 is back: its address, no master, up, the default route through it'
        Ip.addresses(null).contains('eth0 192.168.56.130/24')
        Ip.link(null, 'eth0').master == null
        Ip.link(null, 'eth0').flags.contains('UP')
        Ip.routes(null).find { it.dst == 'default' }?.gateway == '192.168.56.1'
        Ip.link(null, 'br0') == null
        Ip.netns() == []

        cleanup:
        Ip.status(['ip', 'link', 'del', 'eth0'])
    }

    def "an uplink declared inside a namespace is moved in, and moved back home on down"() {
        given:
        Ip.run(['ip', 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'wire1'])
        Ip.run(['ip', 'addr', 'add', '172.31.0.1/24', 'dev', 'eth1'])
        def lab = new ScriptRunner().load('moved.netns.groovy', """
            namespace('ns1') {
                uplink 'eth1' addr '10.77.0.1/24'
            }
        """)

        when:
        Applier.up(lab, true)

        then:
        Ip.link(null, 'eth1') == null
        Ip.addresses('ns1').contains('eth1 10.77.0.1/24')
        Ip.link('ns1', 'eth1').flags.contains('UP')

        when:
        Applier.down('moved')

        then:
        Ip.link(null, 'eth1') != null
        Ip.addresses(null).contains('eth1 172.31.0.1/24')
        !Ip.link(null, 'eth1').flags.contains('UP')
        Ip.netns() == []

        cleanup:
        Ip.status(['ip', 'link', 'del', 'eth1'])
    }

    def "every example comes up, meets its ping expectations (checked with iputils ping), and goes down leaving nothing: #example"() {
        given:
        def linksBefore = Ip.linkNames(null)
        if (example == 'seed-bridge') {   // the machine's eth0, stood in for inside the sandbox
            Ip.run(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'wire0'])
            Ip.run(['ip', 'addr', 'add', '192.168.56.130/24', 'dev', 'eth0'])
            Ip.run(['ip', 'link', 'set', 'eth0', 'up'])
        }
        def lab = load(example)

        when:
        Applier.up(lab, true)

        then:
        Ip.netns().toSet() == lab.declaredNamespaces()*.name().toSet()
        lab.expectations().every { e ->
            def ping = ['ping', '-c', '1', '-W', '1', e.target().hostAddress]
            int rc = Ip.status(e.fromNamespace() == 'host' ? ping : ['ip', 'netns', 'exec', e.fromNamespace()] + ping)
            e.kind() == dev.nslab.model.Expectation.Kind.PING ? rc == 0 : rc != 0
        }

        when:
        Applier.down(lab.labName())
        if (example == 'seed-bridge') {
            Ip.run(['ip', 'link', 'del', 'eth0'])
        }

        then:
        Ip.netns() == []
        Ip.linkNames(null) == linksBefore
        Labs.labs() == []

        where:
        example << ['two-hosts', 'router', 'star', 'seed-bridge', 'vxlan-overlay', 'routed']
    }

    def "with STP on, up returns only once every bridge port forwards"() {
        given:
        def lab = new ScriptRunner().load('stp.netns.groovy', """
            bridge 'sbr0' stp true forwardDelay 2
            namespace('st1') { veth 'eth0' addr '10.70.0.2/24' peer 'st1-p' master 'sbr0' }
        """)

        when:
        long t0 = System.nanoTime()
        Applier.up(lab)
        long millis = (System.nanoTime() - t0).intdiv(1_000_000)
        def port = Ip.json(null, '-d', 'link', 'show', 'st1-p')[0]

        then: 'listening, then learning, 2 s each, before forwarding'
        port.linkinfo.info_slave_data.state == 'forwarding'
        millis >= 3_000
    }
}
