package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.cli.Cli
import dev.nslab.dsl.ScriptRunner
import groovy.json.JsonSlurper
import spock.lang.Specification

import java.nio.file.Path

/** dsl-examples/wan.netns.groovy for real: its expectations pass, tc shows the shaped WAN, iperf3 measures it. */
class WanExampleSpec extends Specification {

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "the WAN example comes up with its expectations met, both WAN ends a 20mbit tbf, and site to site runs at 20mbit"() {
        when:
        def up = Cli.run('up', 'dsl-examples/wan.netns.groovy')

        then:
        up.rc == 0
        ['ra', 'rb'].every { ns ->
            def q = new JsonSlurper().parseText(dev.nslab.testing.Ip.run(['tc', '-n', ns, '-j', 'qdisc', 'show', 'dev', 'wan']))
            q[0].kind == 'tbf' && q[0].options.rate == 2_500_000
        }
        ['siteA', 'siteB'].every { ns ->
            !new JsonSlurper().parseText(dev.nslab.testing.Ip.run(['tc', '-n', ns, '-j', 'qdisc', 'show', 'dev', 'eth0'])).any { it.kind == 'tbf' }
        }

        when:
        def check = Cli.run('check', 'dsl-examples/wan.netns.groovy')

        then:
        check.rc == 0
        check.out.contains('3 expectations passed')

        when: "site A sends to site B through both routers"
        double mbit = ShapingSpec.iperf('siteA', 'siteB', '10.2.0.2') / 1e6

        then:
        Math.abs(mbit - 20) <= 3
    }
}
