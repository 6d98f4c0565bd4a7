package dev.nslab.cli

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.check.CheckSpec
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import groovy.json.JsonSlurper
import spock.lang.Specification

import java.nio.file.Paths

/** nslab show: JSON as docs/show-json.md documents it, checked against ip -j; a tree, coloured only in a terminal. */
class ShowSpec extends Specification {
    def setup() {
        Applier.up(new ScriptRunner().load(Paths.get('dsl-examples/two-hosts.netns.groovy')))
    }

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "show --json has the documented fields, and its values agree with ip -j"() {
        when:
        def (rc, text) = CheckSpec.run('show', '--json', 'two-hosts')
        def json = new JsonSlurper().parseText(text)

        then:
        rc == 0
        json.keySet() as List == ['namespaces']
        json.namespaces*.name == ['h1', 'h2']
        json.namespaces.every { it.keySet() as List == ['name', 'links', 'routes', 'forwarding'] }
        json.namespaces.every { it.forwarding == [ipv4: false, ipv6: false] }
        json.namespaces.every { ns -> ns.links.every { it.keySet() as List == ['name', 'index', 'kind', 'up', 'carrier', 'state', 'master', 'mtu', 'mac', 'addresses', 'shaping'] } }
        json.namespaces.every { ns -> ns.routes.every { it.keySet() as List == ['destination', 'via', 'dev', 'protocol'] } }

        and: 'each link as iproute2 sees it'
        ['h1', 'h2'].each { ns ->
            def mine = json.namespaces.find { it.name == ns }
            Ip.links(ns).each { l ->
                def m = mine.links.find { it.name == l.ifname }
                assert m.index == l.ifindex
                assert m.mtu == l.mtu
                assert m.mac == l.address
                assert m.up == l.flags.contains('UP')
                assert m.carrier == l.flags.contains('LOWER_UP')
            }
            assert mine.links.collectMany { l -> l.addresses.collect { "${l.name} $it".toString() } } as Set == Ip.addresses(ns) as Set
        }
        json.namespaces.find { it.name == 'h1' }.routes.find { it.destination == '10.0.0.0/24' } ==
                [destination: '10.0.0.0/24', via: null, dev: 'eth0', protocol: 2]
    }

    def "piped, show prints a plain tree: no colour codes"() {
        when:
        def (rc, text) = CheckSpec.run('show', 'two-hosts')

        then:
        rc == 0
        !text.contains('\u001b')
        text.readLines()[0] == 'netns h1  (2 links, 3 routes; forwarding IPv4 off, IPv6 off)'
        text.contains('├─ eth0  veth  UP\n│  ├─ 10.0.0.1/24\n│  ├─ fd00::1/64\n')
        text.contains('└─ routes\n   ├─ 10.0.0.0/24 dev eth0\n')
    }

    def "in a terminal, show colours the state: green UP, red NO-CARRIER"() {
        given:
        Ip.run(['ip', '-n', 'h2', 'link', 'set', 'eth0', 'down'])
        def java = System.getProperty('java.home') + '/bin/java'
        def cmd = "'$java' -cp '${System.getProperty('java.class.path')}' dev.nslab.cli.Main show two-hosts"

        when: 'run under a pseudo-terminal, as a person would see it'
        def text = Ip.run(['script', '-qec', cmd.toString(), '/dev/null'])

        then:
        text.contains('lo  loopback  \u001b[32mUP\u001b[0m')
        text.contains('eth0  veth  \u001b[31mNO-CARRIER\u001b[0m')
        text.contains('eth0  veth  \u001b[31mDOWN\u001b[0m')
    }

    def "show says which namespaces forward, as sysctl reads it inside them, and counts as a reader says them"() {
        given: 'a router between two hosts, and a namespace with nothing but lo'
        Applier.up(new ScriptRunner().load(Paths.get('dsl-examples/router.netns.groovy')))
        Applier.up(new ScriptRunner().load('solo.netns.groovy', 'namespace "solo"\n'))

        when:
        def (rc, text) = CheckSpec.run('show', '--json', 'router')
        def json = new JsonSlurper().parseText(text)
        def (rcTree, tree) = CheckSpec.run('show', 'router')
        def (rcSolo, solo) = CheckSpec.run('show', 'solo')

        then:
        rc == 0 && rcTree == 0 && rcSolo == 0
        ['left', 'r', 'right'].each { ns ->
            def witness = Ip.run(['ip', 'netns', 'exec', ns, 'sysctl', '-n', 'net.ipv4.ip_forward']).trim() == '1'
            assert json.namespaces.find { it.name == ns }.forwarding.ipv4 == witness
        }
        json.namespaces.find { it.name == 'r' }.forwarding.ipv4
        !json.namespaces.find { it.name == 'left' }.forwarding.ipv4
        tree.readLines().find { it.startsWith('netns r ') } ==~ /netns r  \(3 links, \d+ routes; forwarding IPv4 on, IPv6 off: a router\)/
        tree.readLines().find { it.startsWith('netns left ') } ==~ /netns left  \(2 links, \d+ routes; forwarding IPv4 off, IPv6 off\)/
        solo.readLines()[0] == 'netns solo  (1 link, 0 routes; forwarding IPv4 off, IPv6 off)'
    }
}
