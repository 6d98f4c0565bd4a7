package dev.nslab.netns

import dev.nslab.testing.Ip
import spock.lang.Specification

/** ProcNetDev against ip's own view, in this thread's namespace and in a thread inside another. */
class ProcNetDevSpec extends Specification {

    def cleanup() {
        Ip.status(['ip', 'link', 'del', 'pnd-a'])
        Ip.status(['ip', 'netns', 'del', 'pnd1'])
    }

    def "it lists the links ip lists, here and, from a thread inside it, in another namespace"() {
        given: 'a veth pair here and another inside pnd1, made by ip'
        Ip.run(['ip', 'link', 'add', 'pnd-a', 'type', 'veth', 'peer', 'name', 'pnd-b'])
        Ip.run(['ip', 'netns', 'add', 'pnd1'])
        Ip.run(['ip', '-n', 'pnd1', 'link', 'add', 'in-a', 'type', 'veth', 'peer', 'name', 'in-b'])

        when:
        def here = ProcNetDev.linkNames()
        def inside = NamedNamespaces.open('pnd1').withCloseable { h -> InNamespace.call(h, { ProcNetDev.linkNames() } as InNamespace.Task<List<String>>) }

        then:
        here.toSet() == Ip.linkNames(null).toSet()
        here.containsAll(['lo', 'pnd-a', 'pnd-b'])
        inside.toSet() == Ip.linkNames('pnd1').toSet()
        inside.toSet() == ['lo', 'in-a', 'in-b'] as Set

        when: 'one end deleted here: both ends go'
        Ip.run(['ip', 'link', 'del', 'pnd-a'])

        then:
        !ProcNetDev.linkNames().contains('pnd-a')
        !ProcNetDev.linkNames().contains('pnd-b')
    }
}
