package dev.nslab.cli

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.check.CheckSpec
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import groovy.json.JsonSlurper
import spock.lang.Specification

import java.nio.file.Paths

/** nslab show: a tree (ASCII outside a UTF-8 locale, coloured in a terminal or with --color=always), forwarding; its JSON against ip -j: JsonOutputSpec. */
class ShowSpec extends Specification {
    def setup() {
        Applier.up(new ScriptRunner().load(Paths.get('dsl-examples/two-hosts.netns.groovy')))
    }

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    /** nslab in a JVM of its own, with exactly the locale and NO_COLOR given (none of the caller's). */
    static Map nslab(Map<String, String> env, List<String> args) {
        def java = System.getProperty('java.home') + '/bin/java'
        def pb = new ProcessBuilder([java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main'] + args)
        ['LANG', 'LC_ALL', 'LC_CTYPE', 'NO_COLOR'].each { pb.environment().remove(it) }
        pb.environment().putAll(env)
        def p = pb.start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    def "piped, show prints a plain tree: no colour codes"() {
        when: 'in a UTF-8 locale'
        def (rc, text) = nslab([LC_ALL: 'C.UTF-8'], ['show', 'two-hosts']).with { [it.rc, it.out] }

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

    def "in a locale that is not UTF-8 the tree is drawn with ASCII"() {
        when:
        def r = nslab(env, ['show', 'two-hosts'])

        then:
        r.rc == 0
        r.out.readLines()[0].startsWith('netns h1  (')
        r.out.contains('|- eth0  veth  UP\n|  |- 10.0.0.1/24\n|  |- fd00::1/64\n')
        r.out.contains('`- routes\n   |- 10.0.0.0/24 dev eth0\n')
        r.out.chars().allMatch { it < 128 }

        where:
        env << [[:], [LANG: 'C'], [LC_ALL: 'POSIX', LANG: 'C.UTF-8'], [LC_CTYPE: 'en_US.ISO-8859-1']]
    }

    def "--color=always colours even piped and with NO_COLOR; --color=never never does"() {
        expect:
        nslab([LC_ALL: 'C.UTF-8'], ['show', '--color=always', 'two-hosts']).out.contains('lo  loopback  \u001b[32mUP\u001b[0m')
        nslab([LC_ALL: 'C.UTF-8', NO_COLOR: '1'], ['--color=always', 'show', 'two-hosts']).out.contains('\u001b[32mUP')
        nslab([LC_ALL: 'C.UTF-8'], ['show', '--color=never', 'two-hosts']).with { it.rc == 0 && !it.out.contains('\u001b') }
        nslab([:], ['show', '--color=sometimes', 'two-hosts']).with { it.rc == 2 && it.err.contains('--color') }
    }

    def "in a terminal, NO_COLOR and --color=never turn colour off"() {
        given:
        def java = System.getProperty('java.home') + '/bin/java'
        def cmd = "'$java' -cp '${System.getProperty('java.class.path')}' dev.nslab.cli.Main show $option two-hosts"

        when: 'run under a pseudo-terminal'
        def pb = new ProcessBuilder(['script', '-qec', cmd.toString(), '/dev/null']).redirectErrorStream(true)
        pb.environment().putAll(env)
        def p = pb.start()
        def text = p.inputStream.text
        p.waitFor()

        then:
        text.contains('eth0  veth  UP')
        !text.contains('\u001b[3')

        where:
        option          | env
        ''              | [NO_COLOR: '1']
        '--color=never' | [:]
    }
}
