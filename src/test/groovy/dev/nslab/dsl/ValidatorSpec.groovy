package dev.nslab.dsl

import dev.nslab.model.Bridge
import dev.nslab.model.LinkAttrs
import dev.nslab.model.Namespace
import dev.nslab.model.Prefix
import dev.nslab.model.SourceLocation
import dev.nslab.model.Topology
import dev.nslab.model.Veth
import spock.lang.Specification
import spock.lang.Tag

/** The Validator on topologies built by hand, as a planner's tests or a future importer would build them. */
@Tag('plain-jvm')
class ValidatorSpec extends Specification {

    static SourceLocation at(int line) {
        new SourceLocation('lab.netns.groovy', line)
    }

    static LinkAttrs end(String name, String ns, int line, Map extra = [:]) {
        new LinkAttrs(name, ns, (extra.addr ?: []).collect { Prefix.parse(it) }, extra.mtu as Integer, null,
                extra.master as String, true, at(line))
    }

    static Topology topology(List links) {
        new Topology('lab', 'lab.netns.groovy', [new Namespace(Namespace.HOST, at(0)), new Namespace('ns1', at(1))],
                links, [], [], [], [], [], [])
    }

    def "every problem is found, in file order (on one line, in the order of the rules)"() {
        given:
        def lab = topology([
                new Veth(end('a', 'ns1', 5, [mtu: 10]), end('b', 'host', 5, [master: 'br9'])),
                new Bridge(end('br0', 'host', 2, [addr: ['10.0.0.1/24']]), false, 99),
                new Veth(end('c', 'ns2', 3, [addr: ['10.0.0.1/24']]), end('d', 'host', 3))])

        expect:
        Validator.problems(lab)*.message == [
                'lab.netns.groovy:2: forwardDelay 99 is out of range 0..30 seconds',
                "lab.netns.groovy:3: namespace 'ns2' is not declared: add namespace 'ns2'",
                'lab.netns.groovy:3: duplicate address 10.0.0.1/24 (first at line 2)',
                "lab.netns.groovy:5: master 'br9' is not declared in the host: add bridge 'br9'",
                'lab.netns.groovy:5: mtu 10 is out of range 68..65535']
    }

    def "check throws every problem, in file order, the first as its own location"() {
        when:
        Validator.check(topology([new Bridge(end('br0', 'host', 4), true, 1), new Bridge(end('br1', 'host', 3), false, -1)]))

        then:
        def e = thrown(DslException)
        e.message == 'lab.netns.groovy:3: forwardDelay -1 is out of range 0..30 seconds\n' +
                'lab.netns.groovy:4: forwardDelay 1 is out of range 2..30 seconds when stp is on'
        e.location().line() == 3
        e.problems()*.location()*.line() == [3, 4]
    }

    def "a correct topology has no problems"() {
        given:
        def lab = topology([
                new Bridge(end('br0', 'host', 2, [addr: ['10.0.0.1/24']]), true, 2),
                new Veth(end('eth0', 'ns1', 3, [addr: ['10.0.0.2/24']]), end('h1', 'host', 3, [master: 'br0']))])

        expect:
        Validator.problems(lab).empty
        Validator.check(lab) == null
    }
}
