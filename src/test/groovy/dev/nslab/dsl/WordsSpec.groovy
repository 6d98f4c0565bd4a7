package dev.nslab.dsl

import spock.lang.Specification
import spock.lang.Tag

@Tag('plain-jvm')
class WordsSpec extends Specification {

    def "the words of a builder are its public methods, without Groovy's plumbing"() {
        expect:
        Words.names(VethSpec) == ['addr', 'down', 'mac', 'master', 'mtu', 'netns', 'peer', 'burst', 'corrupt', 'delay', 'duplicate', 'jitter', 'latency', 'loss', 'queue', 'rate', 'reorder'] as Set
        Words.names(VethPeerSpec) == ['addr', 'down', 'mac', 'master', 'mtu', 'netns', 'burst', 'corrupt', 'delay', 'duplicate', 'jitter', 'latency', 'loss', 'queue', 'rate', 'reorder'] as Set
        Words.names(NslabScript) == ['bridge', 'connect', 'lab', 'macvlan', 'namespace', 'noConnect', 'noPing', 'param', 'ping', 'route',
                                     'spawn', 'sysctl', 'tap', 'uplink', 'veth', 'vxlan'] as Set
        Words.names(NamespaceSpec) == ['bridge', 'macvlan', 'route', 'spawn', 'sysctl', 'tap', 'uplink',
                                       'veth', 'vxlan'] as Set
    }

    def "signatures read as a script author would write them"() {
        expect:
        Words.signatures(NslabScript, 'spawn') == '(String, List) or (String, Object...)'
        Words.signatures(VethSpec, 'peer') == '(String) or (String, Closure)'
        Words.argumentTypes(['a', 1, null, { }, "${1}"].toArray()) == '(String, Integer, null, Closure, GString)'
    }

    def "a typo of #word suggests #suggestion"() {
        expect:
        Words.closest(word, Words.names(NslabScript) + Words.names(VethSpec)) == suggestion

        where:
        word      | suggestion
        'vet'     | 'veth'
        'adr'     | 'addr'
        'nopng'   | 'noPing'
        'noping'  | 'noPing'
        'brigde'  | 'bridge'
        'netsn'   | 'netns'
        'stp'     | null
        'x'       | null
        'routing' | null
    }

    def "another tool's word for #word suggests #suggestion where the receiver has it"() {
        expect:
        Words.closest(word, Words.names(type)) == suggestion

        where:
        word      | type          | suggestion
        'gw'      | RouteSpec     | 'via'
        'gateway' | RouteSpec     | 'via'
        'device'  | RouteSpec     | 'dev'
        'ns'      | VethSpec      | 'netns'
        'ns'      | NslabScript   | 'namespace'
        'address' | VethPeerSpec  | 'addr'
        'ip'      | UplinkSpec    | 'addr'
        'gw'      | VethSpec      | null
    }
}
