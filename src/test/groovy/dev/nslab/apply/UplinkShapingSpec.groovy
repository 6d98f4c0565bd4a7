package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import groovy.json.JsonSlurper
import spock.lang.Specification

/** An uplink's qdisc is the lab's only while the lab shapes it: down gives back the one it had (tc -j is the witness). */
class UplinkShapingSpec extends Specification {

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
        Ip.status(['ip', 'link', 'del', 'upl0'])
    }

    static List<Map> tc(String ns, String dev) {
        def cmd = ns == null ? ['tc', '-j', 'qdisc', 'show', 'dev', dev] : ['tc', '-n', ns, '-j', 'qdisc', 'show', 'dev', dev]
        new JsonSlurper().parseText(Ip.run(cmd) ?: '[]') as List<Map>
    }

    /** What a qdisc does, without its handle (a qdisc put back is a new one). */
    static List<Map> doing(List<Map> qdiscs) {
        qdiscs.collect { [kind: it.kind, root: it.root, options: it.options] }
    }

    def "an uplink #where is shaped while the lab is up, and gets #what back on down"() {
        given: 'a device of the host the lab did not make'
        Ip.run(['ip', 'link', 'add', 'upl0', 'type', 'veth', 'peer', 'name', 'upl1'])
        if (original) {
            Ip.run(['tc', 'qdisc', 'replace', 'dev', 'upl0', 'root'] + (original.split(' ') as List))
        }
        def before = doing(tc(null, 'upl0'))
        def lab = new ScriptRunner().load('uplq.netns.groovy', script)

        when:
        Applier.up(lab, true)

        then:
        tc(ns, 'upl0').find { it.root }.kind == 'tbf'
        tc(ns, 'upl0').find { it.root }.options.rate == 625_000

        when:
        Applier.down('uplq')

        then:
        doing(tc(null, 'upl0')) == before
        before.any { it.kind == 'tbf' } == (original != null)

        where:
        where                      | what                  | original                                  | ns   | script
        'moved into a namespace'   | 'its own tbf'         | 'tbf rate 1mbit burst 4000b latency 20ms' | 'h1' | "namespace('h1') {\n  uplink('upl0') { addr '10.5.0.1/24'; rate '5mbit' }\n}\n"
        'moved into a namespace'   | "the kernel's default" | null                                     | 'h1' | "namespace('h1') {\n  uplink('upl0') { addr '10.5.0.1/24'; rate '5mbit' }\n}\n"
        'left in the host'         | "the kernel's default" | null                                     | null | "uplink('upl0') { addr '10.5.0.1/24'; rate '5mbit' }\n"
        'left in the host'         | 'its own tbf'         | 'tbf rate 1mbit burst 4000b latency 20ms' | null | "uplink('upl0') { addr '10.5.0.1/24'; rate '5mbit' }\n"
    }
}
