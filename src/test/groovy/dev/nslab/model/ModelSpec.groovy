package dev.nslab.model

import spock.lang.Specification
import spock.lang.Tag

@Tag('plain-jvm')
class ModelSpec extends Specification {

    static final SourceLocation AT = new SourceLocation('lab.netns.groovy', 3)

    static LinkAttrs attrs(String name, String ns) {
        new LinkAttrs(name, ns, [], null, null, null, true, AT)
    }

    def "a source location prints as file:line"() {
        expect:
        AT.toString() == 'lab.netns.groovy:3'
    }

    def "a veth has both ends, other links one"() {
        given:
        def veth = new Veth(attrs('veth1', Namespace.HOST), attrs('veth2', 'ns1'))
        def bridge = new Bridge(attrs('br0', Namespace.HOST), false, null)

        expect:
        veth.ends()*.name() == ['veth1', 'veth2']
        veth.name() == 'veth1'
        veth.kind() == 'veth'
        bridge.ends()*.name() == ['br0']
    }

    def "a topology finds interfaces by namespace, veth ends one by one"() {
        given:
        def topology = new Topology('lab', 'lab.netns.groovy',
                [new Namespace(Namespace.HOST, new SourceLocation('lab.netns.groovy', 0)), new Namespace('ns1', AT)],
                [new Veth(attrs('veth1', Namespace.HOST), attrs('veth2', 'ns1')),
                 new Bridge(attrs('br0', Namespace.HOST), false, null)],
                [], [], [], [], [], [])

        expect:
        topology.interfacesIn(Namespace.HOST)*.name() == ['veth1', 'br0']
        topology.interfacesIn('ns1')*.name() == ['veth2']
        topology.link('ns1', 'veth2').get().name() == 'veth1'
        topology.declaredNamespaces()*.name() == ['ns1']
        topology.namespace(Namespace.HOST).get().host
        !topology.namespace('ns2').present
    }

    def "a topology lists uplinks and routes by namespace"() {
        given:
        def topology = new Topology('lab', 'lab.netns.groovy', [], [],
                [new Uplink('eth1', 'ns1', [], null, true, AT), new Uplink('eth0', Namespace.HOST, [], 'br0', true, AT)],
                [new Route('ns1', Prefix.defaultRoute(false), Addresses.parse('10.0.0.1'), null, AT)],
                [], [], [], [])

        expect:
        topology.uplinksIn('ns1')*.name() == ['eth1']
        topology.routesIn('ns1')*.via()*.hostAddress == ['10.0.0.1']
        topology.routesIn(Namespace.HOST).empty
    }

    def "a route needs a gateway or a device"() {
        when:
        new Route('ns1', Prefix.defaultRoute(false), null, null, AT)

        then:
        thrown(IllegalArgumentException)
    }

    def "messages name the host and namespaces alike"() {
        expect:
        Namespace.describe(Namespace.HOST) == 'the host'
        Namespace.describe('ns1') == "namespace 'ns1'"
    }

    def "a sysctl key maps to its file under /proc/sys"() {
        expect:
        new Sysctl('ns1', key, '1', AT).path() == path

        where:
        key                                | path
        'net.ipv4.ip_forward'              | 'net/ipv4/ip_forward'
        'net/ipv4/conf/eth0.1/forwarding'  | 'net/ipv4/conf/eth0.1/forwarding'
    }

    def "macvlan modes parse from iproute2's words"() {
        expect:
        MacvlanMode.parse('passthru') == MacvlanMode.PASSTHRU
        MacvlanMode.words() == 'private, vepa, bridge, passthru'
    }
}
