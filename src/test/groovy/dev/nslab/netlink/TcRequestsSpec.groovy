package dev.nslab.netlink

import dev.nslab.netlink.nl.Hex
import dev.nslab.netlink.nl.Htb
import dev.nslab.netlink.nl.HtbClass
import dev.nslab.netlink.nl.Netem
import dev.nslab.netlink.nl.NlWriter
import dev.nslab.netlink.nl.Tbf
import dev.nslab.netlink.nl.TcCaptures
import spock.lang.Specification
import spock.lang.Tag

import java.nio.ByteBuffer
import java.nio.ByteOrder

import static dev.nslab.netlink.nl.Tc.*

/**
 * The traffic-control requests nslab sends, proven against the bytes tc sends for the same
 * command (TcCaptures: iproute2 6.1, and 6.18 for netem's 64-bit delays), seq and port id aside:
 * the rate tables, ticks and limits come out as tc computes them.
 */
@Tag('plain-jvm')
class TcRequestsSpec extends Specification {
    static final LinkRef V0 = LinkRef.byIndex(3, 'v0')
    static final long MS = 1_000_000L

    def "#name is encoded byte for byte as tc sends it"() {
        given:
        NlWriter w = new NlWriter()

        when:
        request.encoder().write(w, 0x12345678)

        then:
        Hex.of(normalise(w.toByteArray())) == Hex.of(normalise(Hex.bytes(TcCaptures."$name")))

        where:
        name                 | request
        'TBF_ADD'            | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Tbf.of(2_500_000, 4096, 400_000))
        'TBF_REPLACE_LIMIT'  | TcRequests.qdiscReplace(V0, TC_H_ROOT, 0, Tbf.withLimit(625_000, 10240, 30000))
        'TBF_CHANGE_ATM'     | TcRequests.qdiscChange(V0, TC_H_ROOT, 0, Tbf.build(125_000, 10240, 0, 50_000, 0, 0, 64, 10, TC_LINKLAYER_ATM))
        'TBF_ADD_RATE64'     | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Tbf.of(5_000_000_000L, 1 << 20, 10_000))
        'TBF_ADD_PEAK'       | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Tbf.build(125_000, 10240, 0, 70_000, 250_000, 1540, 0, 0, TC_LINKLAYER_ETHERNET))
        'TBF_UNDER_HTB'      | TcRequests.qdiscAdd(V0, handle(1, 0x20), handle(0x20, 0), Tbf.of(125_000, 10240, 50_000))
        'QDISC_DEL_ROOT'     | TcRequests.qdiscDel(V0, TC_H_ROOT, 0)
        'NETEM_ADD'          | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, impaired().sentAs(Netem.Times.TICKS))
        'NETEM_ADD_NS'       | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, impaired())
        'NETEM_DELAY'        | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Netem.DEFAULT.sentAs(Netem.Times.TICKS).withDelay(100 * MS, 0, 0))
        'NETEM_DELAY_NS'     | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Netem.DEFAULT.withDelay(100 * MS, 0, 0))
        'NETEM_LONG_NS'      | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Netem.DEFAULT.withDelay(300_000 * MS, 1000 * MS, 0))
        'NETEM_RATE64'       | TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Netem.DEFAULT.withRate(5_000_000_000L))
        'NETEM_UNDER_HTB'    | TcRequests.qdiscAdd(V0, handle(1, 0x10), handle(0x10, 0), Netem.DEFAULT.sentAs(Netem.Times.TICKS).withDelay(50 * MS, 0, 0))
        'HTB_ADD'            | TcRequests.qdiscAdd(V0, TC_H_ROOT, handle(1, 0), Htb.of(0x10))
        'HTB_CLASS_ADD'      | TcRequests.classAdd(V0, handle(1, 0), handle(1, 0x10), HtbClass.of(2_500_000, 3_750_000))
        'HTB_CLASS_BURST'    | TcRequests.classAdd(V0, handle(1, 0), handle(1, 0x20), HtbClass.build(625_000, 0, 15360, 20480, 1, 0, HtbClass.DEFAULT_MTU, 0, 0, TC_LINKLAYER_ETHERNET))
        'HTB_CLASS_RATE64'   | TcRequests.classAdd(V0, handle(1, 0), handle(1, 0x30), HtbClass.of(5_000_000_000L, 0))
        'HTB_CLASS_DEL'      | TcRequests.classDel(V0, handle(1, 0x30))
        'QDISC_DUMP_REQUEST' | TcRequests.qdiscDump(V0)
        'CLASS_DUMP_REQUEST' | TcRequests.classDump(V0)
    }

    def "each request names the tc command it equals"() {
        expect:
        request.command() == command

        where:
        request                                                                                  | command
        TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Tbf.of(2_500_000, 4096, 400_000))                  | 'qdisc add dev v0 root tbf rate 20000000bit burst 4096b limit 1004096b'
        TcRequests.qdiscReplace(V0, handle(1, 0x10), handle(0x10, 0), Netem.DEFAULT.withDelay(100 * MS, 10 * MS, 0).withLoss(Netem.Chance.percent(5, 0))) | 'qdisc replace dev v0 parent 1:10 handle 10: netem delay 100000us 10000us loss 5.00000% limit 1000'
        TcRequests.classAdd(V0, handle(1, 0), handle(1, 0x10), HtbClass.of(2_500_000, 3_750_000)) | 'class add dev v0 parent 1: classid 1:10 htb rate 20000000bit ceil 30000000bit prio 0'
        TcRequests.qdiscDel(V0, TC_H_ROOT, 0)                                                     | 'qdisc del dev v0 root'
    }

    def "traffic control names a device by ifindex only"() {
        when:
        TcRequests.qdiscDel(LinkRef.byName('v0'), TC_H_ROOT, 0)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'traffic control names a device by its ifindex: v0'
    }

    def "a netem delay beyond what tc_netem_qopt's ticks hold cannot be sent as ticks"() {
        when:
        TcRequests.qdiscAdd(V0, TC_H_ROOT, 0, Netem.DEFAULT.sentAs(Netem.Times.TICKS).withDelay(300_000 * MS, 0, 0))
                .encoder().write(new NlWriter(), 1)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == '300000000000 ns does not fit tc_netem_qopt\'s ticks: send it as NANOSECONDS'
    }

    /** netem delay 100ms 10ms 25% loss 5% 10% duplicate 1% corrupt 0.1% reorder 25% 50% rate 5mbit limit 2000 */
    static Netem impaired() {
        Netem.DEFAULT.withDelay(100 * MS, 10 * MS, 25).withLoss(Netem.Chance.percent(5, 10))
                .withDuplicate(Netem.Chance.percent(1, 0)).withCorrupt(Netem.Chance.percent(0.1, 0))
                .withReorder(Netem.Chance.percent(25, 50)).withRate(625_000).withLimit(2000)
    }

    /** Zeroes seq and pid. */
    private static byte[] normalise(byte[] message) {
        byte[] copy = message.clone()
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(8, 0).putInt(12, 0)
        copy
    }
}
