package dev.nslab.plan

import dev.nslab.dsl.ScriptRunner
import dev.nslab.model.LiveState
import dev.nslab.model.LiveState.LiveAddress
import dev.nslab.model.LiveState.LiveLink
import dev.nslab.model.LiveState.LiveNamespace
import dev.nslab.model.LiveState.LiveRoute
import dev.nslab.model.Ownership
import dev.nslab.model.Prefix
import spock.lang.Specification
import spock.lang.Tag

/** Golden tests: desired script + live state -> expected plan text. No privileges, no I/O. */
@Tag('plain-jvm')
class PlannerSpec extends Specification {
    static final LiveNamespace EMPTY_HOST = new LiveNamespace('host', [lo(1)], [], [])

    static LiveLink lo(int index) { new LiveLink(index, 'lo', 'loopback', true, true, 65536, '00:00:00:00:00:00', 0, null, null, null) }

    static LiveLink link(int index, String name, String kind, boolean up, int master = 0, String alias = null) {
        new LiveLink(index, name, kind, up, up, 1500, '02:00:00:00:00:0' + index, master, alias, null, null)
    }

    static String text(Plan p) { p.changes().collect { IpText.batchLine(it) }.join('\n') }

    def "a fresh lab plans namespaces, links, settings, addresses and routes in that order; new links where no IPv6 is declared get no link-local address"() {
        given:
        def lab = new ScriptRunner().load('golden.netns.groovy', '''
            bridge 'br0' addr '10.0.0.1/24'
            namespace('ns1') {
                veth 'eth0' addr '10.0.0.2/24' peer 'h1' master 'br0'
                route 'default' via '10.0.0.1'
                sysctl 'net.ipv4.ip_forward', 1
            }
        ''')

        when:
        def plan = Planner.plan(lab, new LiveState(['other'] as Set, [host: EMPTY_HOST]), Ownership.none('golden'), [:])

        then:
        text(plan) == '''\
            netns add ns1
            link add br0 type bridge stp_state 0
            link add eth0 netns ns1 type veth peer name h1
            netns exec ns1 ip link set lo up
            link set br0 addrgenmode none
            link set br0 up
            netns exec ns1 ip link set eth0 addrgenmode none
            netns exec ns1 ip link set eth0 up
            link set h1 addrgenmode none
            link set h1 master br0
            link set h1 up
            addr add 10.0.0.1/24 dev br0
            netns exec ns1 ip addr add 10.0.0.2/24 dev eth0
            netns exec ns1 ip route replace default via 10.0.0.1 proto 78
            netns exec ns1 sysctl -w net.ipv4.ip_forward=1'''.stripIndent()
    }

    def "links keep their IPv6 link-local address where the lab declares IPv6, by address, route or sysctl"() {
        given:
        def lab = new ScriptRunner().load('v6.netns.groovy', """
            namespace('a') { veth 'eth0' addr 'fd00::2/64' peer 'ha' }
            namespace('b') { veth 'eth0' addr '10.0.0.2/24' peer 'hb'; route 'fd01::/64' dev 'eth0' }
            namespace('c') { veth 'eth0' addr '10.0.1.2/24' peer 'hc'; sysctl 'net.ipv6.conf.all.forwarding', 1 }
            namespace('d') { veth 'eth0' addr '10.0.2.2/24' peer 'hd' }
        """)

        when:
        def plan = Planner.plan(lab, new LiveState([] as Set, [host: EMPTY_HOST]), Ownership.none('v6'), [:])

        then: "only d, and the host (which declares no IPv6), get addrgenmode none"
        plan.changes().collect { IpText.batchLine(it) }.findAll { it.contains('addrgenmode') } == [
                'link set ha addrgenmode none',
                'link set hb addrgenmode none',
                'link set hc addrgenmode none',
                'netns exec d ip link set eth0 addrgenmode none',
                'link set hd addrgenmode none']
    }

    def "a lab that matches the live state plans nothing"() {
        given:
        def lab = new ScriptRunner().load('same.netns.groovy', '''
            namespace('ns1') { veth 'eth0' addr '10.0.0.2/24' peer 'h1' }
        ''')
        def host = new LiveNamespace('host', [lo(1), link(5, 'h1', 'veth', true, 0, 'nslab:same')], [], [])
        def ns1 = new LiveNamespace('ns1', [lo(1), link(2, 'eth0', 'veth', true)],
                [new LiveAddress(2, Prefix.parse('10.0.0.2/24'), false, false)], [])

        expect:
        Planner.plan(lab, new LiveState(['ns1'] as Set, [host: host, ns1: ns1]), new Ownership('same', ['ns1'] as Set, ['h1'] as Set), [:]).isEmpty()
    }

    def "what the lab owns but no longer declares is removed; what it does not own is left alone"() {
        given:
        def lab = new ScriptRunner().load('conv.netns.groovy', '''
            namespace('ns1') { veth 'eth0' addr '10.0.0.5/24' peer 'h1' }
        ''')
        def host = new LiveNamespace('host', [lo(1), link(5, 'h1', 'veth', true, 0, 'nslab:conv'), link(6, 'eth9', 'device', true)],
                [], [new LiveRoute(Prefix.parse('0.0.0.0/0'), InetAddress.getByName('192.0.2.1'), 6, 3, false)])
        def ns1 = new LiveNamespace('ns1', [lo(1), link(2, 'eth0', 'veth', true), link(3, 'old0', 'bridge', true)],
                [new LiveAddress(2, Prefix.parse('10.0.0.2/24'), false, false)],
                [new LiveRoute(Prefix.parse('10.9.0.0/16'), InetAddress.getByName('10.0.0.1'), 2, 78, true)])
        def owned = new Ownership('conv', ['ns1', 'ns2'] as Set, ['h1'] as Set)

        when:
        def plan = Planner.plan(lab, new LiveState(['ns1', 'ns2'] as Set, [host: host, ns1: ns1]), owned, [:])

        then:
        text(plan) == '''\
            netns del ns2
            netns exec ns1 ip link del old0
            netns exec ns1 ip addr del 10.0.0.2/24 dev eth0
            netns exec ns1 ip route del 10.9.0.0/16 via 10.0.0.1 dev eth0
            netns exec ns1 ip addr add 10.0.0.5/24 dev eth0'''.stripIndent()
    }

    def "a name already taken by something the lab does not own is refused with the script line"() {
        given:
        def lab = new ScriptRunner().load('clash.netns.groovy', '''
            namespace('ns1')
            bridge 'eth9'
        ''')
        def host = new LiveNamespace('host', [lo(1), link(6, 'eth9', 'device', true)], [], [])

        when:
        Planner.plan(lab, new LiveState(['ns1'] as Set, [host: host]), Ownership.none('clash'), [:])

        then:
        def e = thrown(PlanException)
        e.message == "clash.netns.groovy:2: namespace 'ns1' already exists and was not made by lab 'clash': take down the lab that owns it, or remove it (ip netns del ns1)"
    }

    def "an uplink is refused without permission, and warned about when it carries the default route"() {
        given:
        def lab = new ScriptRunner().load('up.netns.groovy', '''
            bridge 'br0' addr '192.168.56.130/24'
            uplink 'eth0' master 'br0'
        ''')
        def host = new LiveNamespace('host', [lo(1), link(2, 'eth0', 'device', true)],
                [new LiveAddress(2, Prefix.parse('192.168.56.130/24'), false, false)],
                [new LiveRoute(Prefix.parse('0.0.0.0/0'), InetAddress.getByName('192.168.56.1'), 2, 3, false)])
        def live = new LiveState([] as Set, [host: host])

        when:
        Planner.plan(lab, live, Ownership.none('up'), [:], false)

        then:
        def e = thrown(PlanException)
        e.message == "up.netns.groovy:3: uplink 'eth0' is a device this lab did not create: pass --allow-host-devices to let nslab change it"

        when:
        def plan = Planner.plan(lab, live, Ownership.none('up'), [:], true)

        then: "the bridge takes over eth0's address, as in the seed article"
        plan.warnings() == ["up.netns.groovy:3: eth0 carries the host's default route: changing it may cut this machine off its network"]
        text(plan) == '''\
            addr del 192.168.56.130/24 dev eth0
            link add br0 type bridge stp_state 0
            link set br0 addrgenmode none
            link set br0 up
            link set eth0 master br0
            addr add 192.168.56.130/24 dev br0'''.stripIndent()
    }
}
