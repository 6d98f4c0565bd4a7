package dev.nslab.apply

import dev.nslab.model.Shape
import dev.nslab.netlink.nl.Netem
import dev.nslab.netlink.nl.Tbf
import spock.lang.Specification
import spock.lang.Tag

/**
 * The translation of shaping words into qdisc options: the same options tc builds from the tc
 * line that plan prints (the codec's encoders are proven byte for byte against tc in TcRequestsSpec).
 */
@Tag('plain-jvm')
class QdiscsSpec extends Specification {

    def "rate alone is tc's tbf for the printed line"() {
        given:
        def s = Shape.parseWords(words)

        expect:
        s.tcArguments() == tc
        Qdiscs.options(s) == options

        where:
        words                                      | tc                                                   | options
        "rate '20mbit'"                            | 'tbf rate 20mbit burst 20000b latency 50ms'          | Tbf.of(2_500_000, 20_000, 50_000)
        "rate '5mbit' queue 20"                    | 'tbf rate 5mbit burst 5000b limit 30280b'            | Tbf.withLimit(625_000, 5_000, 30_280)
        "rate '500kbit' burst '4kb' latency '20ms'" | 'tbf rate 500kbit burst 4096b latency 20ms'         | Tbf.of(62_500, 4_096, 20_000)
    }

    def "netem words are one netem, carrying the rate"() {
        given:
        def s = Shape.parseWords("rate '20mbit' delay '40ms' jitter '5ms' loss '1%' duplicate '0.5%' corrupt '0.1%' reorder '25%' queue 200")

        expect:
        s.tcArguments() == 'netem delay 40ms 5ms loss 1% duplicate 0.5% reorder 25% corrupt 0.1% rate 20mbit limit 200'
        Qdiscs.options(s) == Netem.DEFAULT.withLimit(200).withDelay(40_000_000, 5_000_000, 0)
                .withLoss(Netem.Chance.percent(1, 0)).withDuplicate(Netem.Chance.percent(0.5, 0))
                .withReorder(Netem.Chance.percent(25, 0)).withCorrupt(Netem.Chance.percent(0.1, 0)).withRate(2_500_000)
    }

    def "words survive their own form: #words"() {
        expect:
        Shape.parseWords(Shape.parseWords(words).words()) == Shape.parseWords(words)

        where:
        words << ["rate '20mbit'", "delay '1500us' jitter '1ms' loss '0.25%'", "rate '1gbit' burst '64kb' latency '1s'", "reorder '5%' delay '2ms' queue 7"]
    }

    def "the journal's form of an uplink's own tbf becomes that tbf again"() {
        expect:
        UplinkQdisc.options("tbf rate '1mbit' burst '4000b' limit 6500") == Tbf.withLimit(125_000, 4_000, 6_500)
    }
}
