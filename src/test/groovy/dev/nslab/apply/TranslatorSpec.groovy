package dev.nslab.apply

import dev.nslab.dsl.ScriptRunner
import dev.nslab.model.LiveState
import dev.nslab.model.LiveState.LiveAddress
import dev.nslab.model.LiveState.LiveLink
import dev.nslab.model.LiveState.LiveNamespace
import dev.nslab.model.LiveState.LiveRoute
import dev.nslab.model.Ownership
import dev.nslab.model.Prefix
import dev.nslab.model.Topology
import dev.nslab.netlink.nl.Hex
import dev.nslab.netlink.nl.NlWriter
import dev.nslab.plan.Change
import dev.nslab.plan.IpText
import dev.nslab.plan.Planner
import spock.lang.Specification
import spock.lang.Tag

import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path

/**
 * Golden tests of the translator, without a kernel: script + live state -> plan -> the requests
 * each phase sends, as the plan's command, netlink's own description (with the ifindexes and
 * fds chosen) and the message's bytes. The expected text is in src/test/resources/golden/translator;
 * after a deliberate change, run with -Dnslab.golden.update=true and read the diff.
 */
@Tag('plain-jvm')
class TranslatorSpec extends Specification {
    static final Path GOLDEN = Path.of('src/test/resources/golden/translator')

    static LiveLink lo(int index) { new LiveLink(index, 'lo', 'loopback', true, true, 65536, '00:00:00:00:00:00', 0, null, null, null) }

    static LiveLink link(int index, String name, String kind, boolean up, int master = 0, String alias = null) {
        new LiveLink(index, name, kind, up, up, 1500, '02:00:00:00:00:0' + index, master, alias, null, null)
    }

    static final LiveNamespace HOST = new LiveNamespace('host', [lo(1), link(2, 'eth0', 'device', true)],
            [new LiveAddress(2, Prefix.parse('192.168.56.130/24'), false, false)],
            [new LiveRoute(Prefix.parse('0.0.0.0/0'), InetAddress.getByName('192.168.56.1'), 2, 3, false)])

    /** A kernel as the translator meets it: namespaces get fds 10, 11, ... and a host link the kernel made gets 100, 101, ... */
    static class TableWorld implements Translator.World {
        Map<String, Integer> fds = [:]
        Map<String, Integer> kernelIndexes = [:]

        int nsFd(String namespace) { fds.computeIfAbsent(namespace) { 10 + fds.size() } }

        OptionalInt lookup(String namespace, String name) {
            OptionalInt.of(kernelIndexes.computeIfAbsent(namespace + '/' + name) { 100 + kernelIndexes.size() })
        }
    }

    /** Every phase in order, as the executor runs it, with the executor's own phases simulated. */
    static String translate(Topology lab, LiveState live, Ownership owned, boolean allowHostDevices = false) {
        def plan = Planner.plan(lab, live, owned, [:], allowHostDevices)
        def world = new TableWorld()
        def t = new Translator(new Indexes(live), world)
        def out = new StringBuilder()
        for (Translator.Phase p : Translator.Phase.values()) {
            switch (p) {
                case Translator.Phase.NAMESPACE:
                    plan.of(Change.NamespaceAdd).each { t.indexes().namespaceMade(it.namespace()); out << "$p: ${IpText.batchLine(it)}\n" }
                    break
                case Translator.Phase.TAP:
                    plan.of(Change.LinkAdd).findAll { Translator.phaseOf(it) == p }.each {
                        t.indexes().kernelChose(it.namespace(), it.link().name(), 7)
                        out << "$p: ${IpText.batchLine(it)}\n"
                    }
                    break
                case Translator.Phase.NAMESPACE_DEL:
                case Translator.Phase.SYSCTL:
                    plan.changes().findAll { Translator.phaseOf(it) == p }.each { out << "$p: ${IpText.batchLine(it)}\n" }
                    break
                case Translator.Phase.QDISC:
                    break
                default:
                    t.translate(p, plan.changes()).each { step ->
                        out << "$p ${step.namespace()}: ${step.request().command()}\n"
                        out << "    ${step.wire().command()}\n"
                        out << "    ${bytes(step)}\n"
                    }
            }
        }
        out.toString()
    }

    static String bytes(Translator.Step step) {
        def w = new NlWriter()
        step.request().encoder().write(w, 1)
        byte[] b = w.toByteArray()
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(12, 0) // port id: the socket's
        Hex.of(b).split(/\s+/).join(" ")
    }

    static void golden(String name, String actual) {
        Path file = GOLDEN.resolve(name + '.txt')
        if (Boolean.getBoolean('nslab.golden.update')) {
            Files.writeString(file, actual)
        }
        assert Files.exists(file): "no golden file $file: run with -Dnslab.golden.update=true"
        assert actual == Files.readString(file)
    }

    def "the example #name translates to the requests in its golden file"() {
        given:
        def lab = new ScriptRunner().load(Path.of('dsl-examples', name + '.netns.groovy'))

        expect:
        golden(name, translate(lab, new LiveState([] as Set, [host: HOST]), Ownership.none(lab.labName()), true))

        where:
        name << ['two-hosts', 'routed', 'router', 'vxlan-overlay', 'seed-bridge']
    }

    def "every kind of link, with its settings, IPv6 and a declared-down end"() {
        given:
        def lab = new ScriptRunner().load('kinds.netns.groovy', '''
            bridge('br0') { stp true; forwardDelay 4; addr '10.0.0.1/24' }
            tap 'tap0'
            namespace('a') {
                veth('eth0').addr('fd00::2/64').mtu(1400).mac('02:00:00:00:00:aa').peer('pa').master('br0')
                macvlan 'mv0' parent 'eth0' mode 'private'
                route 'fd01::/64' via 'fd00::1'
            }
            namespace('a2')
            namespace('b') {
                veth('eth0').addr('10.0.0.2/24').down().peer('eth0').netns('a2')
            }
        ''')

        expect:
        golden('kinds', translate(lab, new LiveState([] as Set, [host: HOST]), Ownership.none('kinds')))
    }

    def "a lab that is up converges: removals first, by the indexes the live state gives"() {
        given:
        def lab = new ScriptRunner().load('conv.netns.groovy', '''
            namespace('ns1') { veth 'eth0' addr '10.0.0.5/24' peer 'h1' }
        ''')
        def host = new LiveNamespace('host', [lo(1), link(5, 'h1', 'veth', true, 0, 'nslab:conv'), link(6, 'eth9', 'device', true)],
                [], [new LiveRoute(Prefix.parse('0.0.0.0/0'), InetAddress.getByName('192.0.2.1'), 6, 3, false)])
        def ns1 = new LiveNamespace('ns1', [lo(1), link(2, 'eth0', 'veth', true), link(3, 'old0', 'bridge', true)],
                [new LiveAddress(2, Prefix.parse('10.0.0.2/24'), false, false)],
                [new LiveRoute(Prefix.parse('10.9.0.0/16'), InetAddress.getByName('10.0.0.1'), 2, 78, true)])

        expect:
        golden('converge', translate(lab, new LiveState(['ns1', 'ns2'] as Set, [host: host, ns1: ns1]),
                new Ownership('conv', ['ns1', 'ns2'] as Set, ['h1'] as Set)))
    }

    def "a step naming a link that is nowhere is refused with its script line"() {
        given:
        def lab = new ScriptRunner().load('nowhere.netns.groovy', "namespace('n') { veth 'eth0' addr '10.0.0.1/24' peer 'h' }\n")
        def plan = Planner.plan(lab, new LiveState([] as Set, [host: HOST]), Ownership.none('nowhere'), [:])
        def t = new Translator(new Indexes(new LiveState([] as Set, [host: HOST])), new TableWorld() {
            OptionalInt lookup(String namespace, String name) { OptionalInt.empty() }
        })

        when: 'the addresses are translated before the namespace and its links were made'
        t.translate(Translator.Phase.SETTINGS, plan.changes())

        then:
        def e = thrown(ApplyException)
        e.message == "nowhere.netns.groovy:1: no link 'lo' in namespace 'n'"
        e.namespace() == 'n'
        e.location().line() == 1
    }
}
