package dev.nslab.netlink.nl

import spock.lang.Specification
import spock.lang.Tag

import java.nio.ByteBuffer

import static dev.nslab.netlink.nl.Rtnl.*
import static dev.nslab.netlink.nl.Tc.*
import static dev.nslab.netlink.nl.TcCaptures.*

/**
 * The tc codec on tc's own bytes (TcCaptures): every message decodes and encodes back exactly;
 * the options of a request read back into the model that writes them; the kernel's dumps read
 * into the numbers tc printed for the same dump (its -j output, quoted in TcCaptures).
 */
@Tag('plain-jvm')
class TcCodecSpec extends Specification {

    static final List<String> NAMES = TcCaptures.declaredFields
            .findAll { java.lang.reflect.Modifier.isStatic(it.modifiers) && it.type == String }*.name

    def "#name decodes and encodes back to the captured bytes"() {
        given:
        byte[] captured = Hex.bytes(TcCaptures."$name")

        when:
        List<NlMessage> messages = NlCodec.decode(ByteBuffer.wrap(captured))

        then:
        messages.size() == 1
        Hex.of(NlCodec.encode(messages[0])) == Hex.of(captured)

        where:
        name << NAMES
    }

    def "the options of #name read back into a model that writes the same TCA_OPTIONS"() {
        given:
        TcMessage m = NlCodec.decode(Hex.buffer(TcCaptures."$name"))[0]
        NlWriter w = new NlWriter()

        when:
        TcOptions options = m.options()
        options.writeOptions(w)

        then:
        options.getClass().simpleName == type
        Hex.of(w.toByteArray()) == Hex.of(optionsAttribute(m))

        where:
        name               | type
        'TBF_ADD'          | 'Tbf'
        'TBF_CHANGE_ATM'   | 'Tbf'
        'TBF_ADD_RATE64'   | 'Tbf'
        'TBF_ADD_PEAK'     | 'Tbf'
        'NETEM_ADD'        | 'Netem'
        'NETEM_ADD_NS'     | 'Netem'
        'NETEM_LONG_NS'    | 'Netem'
        'NETEM_RATE64'     | 'Netem'
        'HTB_ADD'          | 'Htb'
        'HTB_CLASS_ADD'    | 'HtbClass'
        'HTB_CLASS_RATE64' | 'HtbClass'
    }

    def "a request's netem reads as what tc was told: delays, chances, rate, limit, and how the delays travel"() {
        expect:
        with(NlCodec.decode(Hex.buffer(name))[0].options() as Netem) {
            delayNs() == 100_000_000L
            jitterNs() == 10_000_000L
            delayCorrelation() == Netem.Chance.scale(25)
            loss() == Netem.Chance.percent(5, 10)
            duplicate() == Netem.Chance.percent(1, 0)
            corrupt() == Netem.Chance.percent(0.1, 0)
            reorder() == Netem.Chance.percent(25, 50)
            gap() == 1
            rate().rate() == 625_000
            limit() == 2000
            times() == form
        }

        where:
        name         | form
        NETEM_ADD    | Netem.Times.TICKS
        NETEM_ADD_NS | Netem.Times.NANOSECONDS
    }

    def "a tbf dump reads as tc -j qdisc show printed it: #rate B/s, burst #burst, lat #lat"() {
        given:
        TcMessage m = NlCodec.decode(Hex.buffer(TcCaptures."$name"))[0]
        Tbf tbf = m.options()

        expect:
        m.kind() == 'tbf'
        handleName(m.tcm().handle()) == handle
        handleName(m.tcm().parent()) == parent
        tbf.rate() == rate
        tbf.burstBytes() == burst
        tbf.latencyUsec() == lat
        tbf.burst() == null   // dumps carry no TCA_TBF_BURST: the bytes come from the kernel's ticks, as tc computes them

        where:
        name                       | handle  | parent | rate           | burst   | lat
        'QDISC_DUMP_TBF'           | '8001:' | 'root' | 2_500_000      | 4095    | 400_000
        'QDISC_DUMP_TBF_RATE64'    | '8002:' | 'root' | 5_000_000_000L | 1045000 | 10_000
        'QDISC_DUMP_TBF_UNDER_HTB' | '20:'   | '1:20' | 125_000        | 10240   | 50_000
    }

    def "an htb dump reads as tc printed it: r2q 10, default 0x10, direct_packets_stat 2, direct_qlen 1000"() {
        expect:
        NlCodec.decode(Hex.buffer(QDISC_DUMP_HTB))[0].options() == new Htb(10, 0x10, 2, 1000)
    }

    def "htb class dumps read as tc class show printed them: rate #rate ceil #ceil burst #burst cburst #cburst prio #prio"() {
        given:
        TcMessage m = NlCodec.decode(Hex.buffer(TcCaptures."$name"))[0]
        HtbClass c = m.options()

        expect:
        m.isClass()
        handleName(m.tcm().handle()) == classid
        c.rate() == rate
        c.ceil() == ceil
        c.burst() == burst
        c.cburst() == cburst
        c.parms().prio() == prio

        where:
        name                | classid | rate           | ceil           | burst | cburst | prio
        'CLASS_DUMP_HTB_10' | '1:10'  | 2_500_000      | 3_750_000      | 1600  | 1593   | 0
        'CLASS_DUMP_HTB_20' | '1:20'  | 625_000        | 625_000        | 15360 | 20480  | 1
        'CLASS_DUMP_HTB_30' | '1:30'  | 5_000_000_000L | 5_000_000_000L | 0     | 0      | 0
    }

    def "a device without a qdisc of its own reports noqueue, handle 0:, no options"() {
        when:
        TcMessage m = NlCodec.decode(Hex.buffer(QDISC_DUMP_NOQUEUE))[0]

        then:
        m.kind() == 'noqueue'
        handleName(m.tcm().handle()) == '0:'
        m.tcm().parent() == TC_H_ROOT
    }

    def "a kernel without sch_netem answers ENOENT with its reason; a warning can come with an ack"() {
        when:
        ErrorMessage refused = NlCodec.decode(Hex.buffer(ERROR_NETEM_UNKNOWN))[0]
        ErrorMessage warned = NlCodec.decode(Hex.buffer(ACK_HTB_WARNING))[0]

        then:
        refused.errno() == 2
        refused.extAckMessage() == 'Specified qdisc kind is unknown'
        refused.request().type() == RTM_NEWQDISC
        warned.isAck()
        warned.extAckMessage() == 'sch_htb: quantum of class 10010 is big. Consider r2q change.'
    }

    def "an extended ack's offset into a qdisc request is named: #path"() {
        expect:
        AttrPath.at(Hex.buffer(TcCaptures."$name"), offset) == path

        where:
        name        | offset || path
        'TBF_ADD'   | 36     || 'TCA_KIND'
        'TBF_ADD'   | 48     || 'TCA_OPTIONS > TCA_TBF_PARMS'
        'TBF_ADD'   | 88     || 'TCA_OPTIONS > TCA_TBF_BURST'
        'NETEM_ADD' | 76     || 'TCA_OPTIONS > TCA_NETEM_CORR'
        'NETEM_ADD' | 72     || 'TCA_OPTIONS'
    }

    def "tc's tick arithmetic: 100 ms is 1562500 ticks, and back; a 32-bit rate table has 256 entries"() {
        expect:
        TcCore.time2tick(100_000) == 1_562_500
        TcCore.tick2time(1_562_500) == 100_000
        TcCore.xmittime(2_500_000, 4096) == 25593
        TcCore.xmitsize(2_500_000, 25600) == 4095
        TcCore.cellLog(0) == 3
        TcCore.cellLog(1540) == 3
        TcCore.cellLog(256) == 1
        TcCore.rateTable(TcCore.requestRate(2_500_000, 0, 0, 0, TC_LINKLAYER_ETHERNET)).length == 1024
    }

    def "netem options shorter than tc_netem_qopt, and a tbf without its parameters, are refused by name"() {
        when:
        TcOptions.read(kind, new Attr(TCA_OPTIONS, payload as byte[]), false)

        then:
        def e = thrown(NlDecodeException)
        e.message == message

        where:
        kind    | payload       || message
        'netem' | [0] * 20      || 'TCA_OPTIONS of netem: payload of 20 bytes is shorter than tc_netem_qopt (24)'
        'tbf'   | []            || 'TCA_OPTIONS of tbf: no TCA_TBF_PARMS'
        'htb'   | []            || 'TCA_OPTIONS of htb: no TCA_HTB_INIT'
    }

    /** The bytes of the message's TCA_OPTIONS attribute, header included. */
    private static byte[] optionsAttribute(TcMessage m) {
        NlWriter w = new NlWriter()
        w.attr(TCA_OPTIONS, m.attrs().get(TCA_OPTIONS).value())
        w.toByteArray()
    }
}
