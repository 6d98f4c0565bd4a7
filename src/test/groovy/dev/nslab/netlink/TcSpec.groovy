package dev.nslab.netlink

import dev.nslab.netlink.nl.Htb
import dev.nslab.netlink.nl.HtbClass
import dev.nslab.netlink.nl.Netem
import dev.nslab.netlink.nl.NlWriter
import dev.nslab.netlink.nl.Tbf
import dev.nslab.netlink.nl.TcCore
import dev.nslab.netns.InNamespace
import dev.nslab.netns.NamedNamespaces
import dev.nslab.netns.NetnsHandle
import dev.nslab.sys.Errno
import dev.nslab.testing.Ip
import groovy.json.JsonSlurper
import spock.lang.Requires
import spock.lang.Specification

import java.nio.file.Files

import static dev.nslab.netlink.nl.Rtnl.*
import static dev.nslab.netlink.nl.Tc.*

/**
 * Qdiscs and classes made by nslab, read back by tc itself ({@code tc -j qdisc show},
 * {@code tc class show}) and by nslab's own dump of the same device, in a fresh namespace 'tc'
 * with a veth a1/a2.
 */
class TcSpec extends Specification {
    NetnsHandle ns
    Netlink nl

    def setup() {
        ns = NamedNamespaces.create('tc', null).handle()
        nl = InNamespace.call(ns) { Netlink.open() }
        nl.linkAdd(NewLink.of('a1', new dev.nslab.netlink.nl.LinkKind.Veth('a2', null, 0, null, null)).up(true))
        nl.linkSetUp('a2')
    }

    def cleanup() {
        nl?.close()
        ns?.close()
        NamedNamespaces.list().each { NamedNamespaces.delete(it) }
    }

    static List<Map> tcJson(String... args) {
        new JsonSlurper().parseText(Ip.run(['tc', '-n', 'tc', '-j'] + (args as List))) as List<Map>
    }

    /** Whether this kernel has sch_netem: tc asks for one in a namespace of its own. */
    static boolean kernelHasNetem() {
        def p = new ProcessBuilder('unshare', '-n', 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms')
                .redirectErrorStream(true).start()
        def out = p.inputStream.text
        p.waitFor() == 0 || !out.contains('Specified qdisc kind is unknown')
    }

    def "tc's tick arithmetic rests on /proc/net/psched: 1000 ns a microsecond, 64 ns a tick, HZ 10^9"() {
        expect:
        new File('/proc/net/psched').text.trim() == '000003e8 00000040 000f4240 3b9aca00'
        TcCore.TICKS_PER_USEC == 0x3e8 / 0x40
        TcCore.HZ == 0x3b9aca00
    }

    def "a tbf made by nslab is what tc shows, and nslab reads the dump as tc does: #what"() {
        when:
        nl.qdiscAdd('a1', TC_H_ROOT, 0, tbf)
        Map shown = tcJson('qdisc', 'show', 'dev', 'a1')[0]
        TcEntry read = nl.qdiscList('a1')[0]
        Tbf live = read.options() as Tbf

        then: 'tc sees the tbf nslab asked for'
        shown.kind == 'tbf'
        shown.root == true
        shown.options.rate == tbf.rate()
        shown.options.lat == latency

        and: "nslab's dump says what tc says"
        read.kind() == 'tbf'
        read.isRoot()
        read.handleName() == shown.handle
        live.rate() == shown.options.rate
        live.burstBytes() == shown.options.burst
        live.latencyUsec() == shown.options.lat
        live.minburst() == shown.options.minburst
        (live.parms().rate().overhead() ?: null) == shown.options.overhead

        where:
        what                   | tbf                                                                                    | latency
        '20 mbit, 400 ms'      | Tbf.of(2_500_000, 4096, 400_000)                                                       | 400_000
        'a limit of 30000'     | Tbf.withLimit(625_000, 10240, 30000)                                                   | 31_616
        'ATM cells, overhead'  | Tbf.build(125_000, 10240, 0, 50_000, 0, 0, 64, 10, TC_LINKLAYER_ATM)                   | 41_184
        '40 gbit (64-bit)'     | Tbf.of(5_000_000_000L, 1 << 20, 10_000)                                                | 10_000
        'a peak rate'          | Tbf.build(125_000, 10240, 0, 70_000, 250_000, 1540, 0, 0, TC_LINKLAYER_ETHERNET)       | 70_000
    }

    def "replace changes the qdisc in place, change changes its options, del gives the device its default back"() {
        given:
        nl.qdiscAdd('a1', TC_H_ROOT, handle(5, 0), Tbf.of(2_500_000, 4096, 400_000))

        when:
        nl.qdiscReplace('a1', TC_H_ROOT, handle(5, 0), Tbf.of(625_000, 10240, 50_000))

        then:
        tcJson('qdisc', 'show', 'dev', 'a1')*.subMap(['kind', 'handle']) == [[kind: 'tbf', handle: '5:']]
        tcJson('qdisc', 'show', 'dev', 'a1')[0].options.rate == 625_000

        when:
        nl.qdiscChange('a1', TC_H_ROOT, handle(5, 0), Tbf.of(125_000, 10240, 50_000))

        then:
        tcJson('qdisc', 'show', 'dev', 'a1')[0].options.rate == 125_000

        when:
        nl.qdiscAdd('a1', TC_H_ROOT, 0, Tbf.of(2_500_000, 4096, 400_000))

        then: 'add does not replace'
        def e = thrown(NetlinkException)
        e.is(Errno.EEXIST)
        !e.isUnknownQdiscKind()

        when:
        nl.qdiscDel('a1', TC_H_ROOT, 0)

        then:
        tcJson('qdisc', 'show', 'dev', 'a1')*.kind == ['noqueue']
        nl.qdiscList('a1')*.kind() == ['noqueue']
    }

    def "an htb tree with a tbf under a class is what tc shows, and what nslab reads"() {
        when:
        nl.qdiscAdd('a1', TC_H_ROOT, handle(1, 0), Htb.of(0x10))
        nl.classAdd('a1', handle(1, 0), handle(1, 0x10), HtbClass.of(2_500_000, 3_750_000))
        nl.classAdd('a1', handle(1, 0), handle(1, 0x20), HtbClass.build(625_000, 0, 15360, 20480, 1, 0, HtbClass.DEFAULT_MTU, 0, 0, TC_LINKLAYER_ETHERNET))
        nl.qdiscAdd('a1', handle(1, 0x20), handle(0x20, 0), Tbf.of(125_000, 10240, 50_000))
        List<Map> qdiscs = tcJson('qdisc', 'show', 'dev', 'a1')
        List<String> classes = Ip.run(['tc', '-n', 'tc', 'class', 'show', 'dev', 'a1']).readLines()*.trim()

        then: 'tc sees the tree'
        qdiscs.collect { [it.kind, it.handle, it.parent ?: 'root'] } == [['htb', '1:', 'root'], ['tbf', '20:', '1:20']]
        qdiscs[0].options.r2q == 10
        qdiscs[0].options.default == '0x10'
        classes == ['class htb 1:10 root prio 0 rate 20Mbit ceil 30Mbit burst 1600b cburst 1593b',
                    'class htb 1:20 root leaf 20: prio 1 rate 5Mbit ceil 5Mbit burst 15Kb cburst 20Kb',
                    'class tbf 20:1 parent 20:']   // a tbf shows its inner queue as a class

        and: "nslab's dumps read the same"
        nl.qdiscList('a1').collect { [it.kind(), it.handleName(), it.isRoot() ? 'root' : handleName(it.parent())] } ==
                [['htb', '1:', 'root'], ['tbf', '20:', '1:20']]
        (nl.qdiscList('a1')[0].options() as Htb).defaultClass() == 0x10
        nl.classList('a1').collect { [it.kind(), it.handleName(), handleName(it.parent())] } ==
                [['htb', '1:10', 'root'], ['htb', '1:20', 'root'], ['tbf', '20:1', '20:']]
        nl.classList('a1').findAll { it.kind() == 'htb' }.collect { c ->
            HtbClass o = c.options()
            [c.handleName(), o.parms().prio(), o.rate(), o.ceil(), o.burst(), o.cburst()]
        } == [['1:10', 0, 2_500_000L, 3_750_000L, 1600, 1593], ['1:20', 1, 625_000L, 625_000L, 15360, 20480]]

        when:
        nl.classDel('a1', handle(1, 0x10))

        then:
        Ip.run(['tc', '-n', 'tc', 'class', 'show', 'dev', 'a1']).readLines()*.trim()*.take(14) == ['class htb 1:20', 'class tbf 20:1']
        nl.classList('a1')*.handleName() == ['1:20', '20:1']
    }

    @Requires(value = { !TcSpec.kernelHasNetem() }, reason = 'this kernel has sch_netem: nothing to refuse')
    def "on a kernel without sch_netem, a netem is refused so that a caller can tell, and nothing is left"() {
        given:
        def netem = Netem.DEFAULT.withDelay(100_000_000L, 10_000_000L, 0).withLoss(Netem.Chance.percent(5, 0))

        when:
        nl.qdiscAdd('a1', TC_H_ROOT, 0, netem)

        then:
        def e = thrown(NetlinkException)
        e.isUnknownQdiscKind()
        e.is(Errno.ENOENT)
        e.kernelMessage() == 'Specified qdisc kind is unknown'
        e.request().startsWith('qdisc add dev a1 root netem delay 100000us 10000us loss 5')

        and: 'tc, asked the same, gets the same answer'
        def p = new ProcessBuilder('tc', '-n', 'tc', 'qdisc', 'add', 'dev', 'a1', 'root', 'netem', 'delay', '100ms').redirectErrorStream(true).start()
        p.inputStream.text.trim() == 'Error: Specified qdisc kind is unknown.'
        p.waitFor() == 2

        when: 'in a batch, the outcome says so too'
        Batch<String> b = nl.batch()
        b.add(TcRequests.qdiscAdd(LinkRef.byIndex(nl.linkByName('a1').get().index(), 'a1'), TC_H_ROOT, 0, netem), 'a1 netem')
        Outcome<String> o = b.execute().outcomes()[0]

        then:
        o.status() == Outcome.Status.FAILED
        o.isUnknownQdiscKind()
        o.tag() == 'a1 netem'
        tcJson('qdisc', 'show', 'dev', 'a1')*.kind == ['noqueue']
    }

    @Requires(value = { TcSpec.kernelHasNetem() }, reason = 'this kernel lacks sch_netem (probed with tc in a namespace of its own)')
    def "on a kernel with sch_netem, a netem made by nslab is what tc shows"() {
        when:
        nl.qdiscAdd('a1', TC_H_ROOT, 0, Netem.DEFAULT.withDelay(100_000_000L, 10_000_000L, 25).withLoss(Netem.Chance.percent(5, 0)))
        Map shown = tcJson('qdisc', 'show', 'dev', 'a1')[0]
        Netem read = nl.qdiscList('a1')[0].options() as Netem

        then:
        shown.kind == 'netem'
        shown.options.delay.delay == 0.1
        shown.options.delay.jitter == 0.01
        shown.options.'loss-random'.loss == read.loss().fraction()
        read.delayNs() == 100_000_000L
        read.jitterNs() == 10_000_000L
    }

    def "tc reads a netem in the kernel's dump layout as nslab reads it (tc monitor file: no sch_netem needed)"() {
        given: "an RTM_NEWQDISC laid out as the kernel's netem_dump writes it: tc_netem_qopt with ticks, then LATENCY64, JITTER64, CORR, REORDER, CORRUPT, RATE"
        def file = Files.createTempFile('netem', '.nl')
        NlWriter w = new NlWriter()
        int m = w.beginMessage(RTM_NEWQDISC, 0, 1, 0)
        w.put(new dev.nslab.netlink.nl.TcMsg(AF_UNSPEC, 1, handle(0x8001, 0), TC_H_ROOT, 1))
        w.put(dev.nslab.netlink.nl.Tca.KIND, 'netem')
        int options = w.beginNest(TCA_OPTIONS)
        byte[] qopt = new byte[24]
        java.nio.ByteBuffer.wrap(qopt).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 1_562_500).putInt(4, 2000)
                .putInt(8, Netem.Chance.scale(5)).putInt(12, 1).putInt(16, Netem.Chance.scale(1)).putInt(20, 156_250)
        w.putBytes(qopt)
        w.put(dev.nslab.netlink.nl.Tca.NETEM_LATENCY64, 100_000_000L)
        w.put(dev.nslab.netlink.nl.Tca.NETEM_JITTER64, 10_000_000L)
        w.put(dev.nslab.netlink.nl.Tca.NETEM_CORR, new Netem.Corr(Netem.Chance.scale(25), Netem.Chance.scale(10), 0))
        w.put(dev.nslab.netlink.nl.Tca.NETEM_REORDER, Netem.Chance.percent(25, 50))
        w.put(dev.nslab.netlink.nl.Tca.NETEM_CORRUPT, Netem.Chance.percent(0.1, 0))
        w.put(dev.nslab.netlink.nl.Tca.NETEM_RATE, new Netem.Rate(625_000, 0, 0, 0))
        w.endNest(options)
        w.endMessage(m)
        Files.write(file, w.toByteArray())

        when:
        String tcSays = Ip.run(['tc', 'monitor', 'file', file.toString()]).trim()
        Netem read = (dev.nslab.netlink.nl.NlCodec.decode(java.nio.ByteBuffer.wrap(w.toByteArray()))[0] as dev.nslab.netlink.nl.TcMessage).options()

        then:
        tcSays.endsWith('limit 2000 delay 100ms  10ms 25% loss 5% 10% duplicate 1% reorder 25% 50% corrupt 0.1% rate 5Mbit gap 1')
        read == TcRequestsSpec.impaired().withDuplicate(Netem.Chance.percent(1, 0))

        cleanup:
        Files.deleteIfExists(file)
    }
}
