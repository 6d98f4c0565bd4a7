package dev.nslab.cli

import dev.nslab.api.Nslab
import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import groovy.json.JsonSlurper
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

/**
 * -o json and --json (issue 19.7): show's JSON under ip -j's field names, compared with ip -j for
 * the same namespace; list, ps, check and doctor as JSON, each checked against its own witness.
 */
class JsonOutputSpec extends Specification {
    static final String TWO_HOSTS = 'dsl-examples/two-hosts.netns.groovy'

    def setup() {
        Nslab.up(Paths.get(TWO_HOSTS))
    }

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    private static Object json(String... args) {
        def r = Cli.run(args)
        assert r.err == ''
        new JsonSlurper().parseText(r.out)
    }

    private static Set routes(String ns, String family) {
        Ip.json(ns, family, 'route').collect { [it.dst, it.gateway, it.dev, it.protocol] } as Set
    }

    def "show -o json names what ip -j names, with the same values, and adds the lab and the veth peer"() {
        when:
        def shown = json('show', '-o', 'json', 'two-hosts')

        then:
        shown.namespaces*.name == ['h1', 'h2']
        shown.namespaces*.lab == ['two-hosts', 'two-hosts']
        shown.namespaces.each { ns ->
            def ipLinks = Ip.json(ns.name, '-d', 'link') // -d: with linkinfo
            assert ns.links*.ifname as Set == ipLinks*.ifname as Set
            ipLinks.each { l ->
                def mine = ns.links.find { it.ifname == l.ifname }
                assert mine.ifindex == l.ifindex
                assert mine.mtu == l.mtu
                assert mine.operstate == l.operstate
                assert mine.address == l.address
                assert mine.master == l.master
                assert mine.linkinfo?.info_kind == l.linkinfo?.info_kind
                if (l.linkinfo?.info_kind == 'veth') {
                    // the peer: in the namespace named, with the ifindex ip reports as link_index
                    assert Ip.link(mine.peer.netns, mine.peer.ifname).ifindex == l.link_index
                }
            }
            Ip.json(ns.name, 'addr').each { a ->
                def mine = ns.links.find { it.ifname == a.ifname }
                assert mine.addr_info.collect { [it.family, it.local, it.prefixlen] } as Set ==
                        a.addr_info.collect { [it.family, it.local, it.prefixlen] } as Set
            }
            assert ns.routes.collect { [it.dst, it.gateway, it.dev, it.protocol] } as Set ==
                    routes(ns.name, '-4') + routes(ns.name, '-6')
        }
        shown.namespaces[0].links.find { it.ifname == 'eth0' }.peer == [ifname: 'eth0', netns: 'h2']
        shown.namespaces[0].routes.find { it.dst == '10.0.0.0/24' } == [dst: '10.0.0.0/24', gateway: null, dev: 'eth0', protocol: 'kernel']
    }

    def "--json is -o json"() {
        expect:
        Cli.run('show', '--json', 'h1').out == Cli.run('show', '-o', 'json', 'h1').out
    }

    def "list -o json: every named namespace, with its lab"() {
        given:
        Ip.run(['ip', 'netns', 'add', 'loner'])

        when:
        def listed = json('list', '--json')

        then:
        listed*.name as Set == Ip.netns() as Set
        listed.find { it.name == 'h1' }.lab == 'two-hosts'
        listed.find { it.name == 'loner' }.lab == null

        cleanup:
        Ip.run(['ip', 'netns', 'del', 'loner'])
    }

    def "ps -o json: each spawn with the PID ip netns pids sees"() {
        given:
        def dir = Files.createTempDirectory('ps')
        def f = dir.resolve('sleepy.netns.groovy')
        Files.writeString(f, "namespace('s1') {\n    spawn 'sleeper', 'sleep', '300'\n}\n")
        Nslab.up(f)

        when:
        def rows = json('ps', '-o', 'json', 'sleepy')

        then:
        rows.size() == 1
        rows[0].subMap('lab', 'netns', 'name', 'state') == [lab: 'sleepy', netns: 's1', name: 'sleeper', state: rows[0].state]
        Ip.run(['ip', 'netns', 'pids', 's1']).readLines()*.trim().contains(rows[0].pid.toString())
        rows[0].log.endsWith('s1.sleeper.log')
    }

    def "check -o json: each expectation with its line, passed as a real ping says"() {
        when:
        def r = Cli.run('check', '-o', 'json', TWO_HOSTS)
        def checked = new JsonSlurper().parseText(r.out)

        then:
        r.rc == 0
        checked.lab == 'two-hosts'
        checked.passed
        checked.expectations.size() == 1
        checked.expectations[0].subMap('from', 'to', 'expect', 'passed', 'line') == [from: 'h1', to: '10.0.0.2', expect: 'ping', passed: true, line: 7]
        checked.expectations[0].rtt_ms > 0
        Ip.status(['ip', 'netns', 'exec', 'h1', 'ping', '-c1', '-W5', '10.0.0.2']) == 0
    }

    def "doctor -o json: findings with line, subject and advice; healthy is an empty list"() {
        expect:
        json('doctor', '--json', 'two-hosts') == [lab: 'two-hosts', healthy: true, findings: []]

        when:
        Ip.run(['ip', '-n', 'h2', 'link', 'set', 'eth0', 'down'])
        def r = Cli.run('doctor', '-o', 'json', 'two-hosts')
        def found = new JsonSlurper().parseText(r.out)

        then:
        r.rc == 1
        Ip.link('h2', 'eth0').flags.every { it != 'UP' }
        !found.healthy
        found.findings.every { it.line > 0 && it.file.endsWith('two-hosts.netns.groovy') && it.message }
        Ip.link('h1', 'eth0').flags.contains('NO-CARRIER')
        found.findings.find { it.subject == 'eth0 (h1)' }.subMap('line', 'problem', 'advice') ==
                [line: 4, problem: 'eth0 (h1) has no carrier: its peer eth0 (h2) is down', advice: 'set it up']
    }
}
