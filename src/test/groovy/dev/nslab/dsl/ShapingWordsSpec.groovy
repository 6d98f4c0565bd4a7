package dev.nslab.dsl

import dev.nslab.model.Shape
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Tag

/**
 * The shaping words (dsl-spec.md, "Link shaping") on one interface end: what each records in
 * the model, in tc's units, and how a wrong value is refused with its line.
 */
@Tag('plain-jvm')
class ShapingWordsSpec extends Specification {

    @Shared
    ScriptRunner runner = new ScriptRunner()

    def "the contract's example shapes each end by the words in its own chain"() {
        when:
        def lab = runner.load('x.netns.groovy', """namespace 'h1'
namespace 'h2'
namespace('h1') {
    veth 'eth0' addr '10.0.0.1/24' rate '20mbit' delay '40ms' jitter '5ms' loss '1%' \\
         peer 'eth0' netns 'h2' addr '10.0.0.2/24' rate '20mbit'
}""")
        def veth = lab.links()[0]

        then:
        veth.attrs().shape() == new Shape(20_000_000L, 40_000L, 5_000L, 1.0d, null, null, null, null, null, null)
        veth.attrs().shape().qdisc() == 'netem'
        veth.attrs().shape().tcArguments() == 'netem delay 40ms 5ms loss 1% rate 20mbit limit 1000'
        veth.peer().shape() == Shape.NONE.withRate(20_000_000L)
        veth.peer().shape().qdisc() == 'tbf'
        veth.peer().shape().tcArguments() == 'tbf rate 20mbit burst 20000b latency 50ms'
    }

    def "every word in block form, on every kind that has a queue, and on an uplink"() {
        when:
        def lab = runner.load('x.netns.groovy', """bridge('br0') { rate '1gbit' }
tap('t0') { rate '500kbit'; burst '4kb'; latency '20ms' }
namespace('h1') {
    veth('a') { duplicate '0.5%'; corrupt '0.1%'; reorder '25%'; delay '10ms'; queue 50; peer('b') { netns 'host' } }
    uplink('eth9') { rate '5mbit'; queue 20 }
}""")

        then:
        lab.links()[0].attrs().shape().tcArguments() == 'tbf rate 1gbit burst 1000000b latency 50ms'
        lab.links()[1].attrs().shape().tcArguments() == 'tbf rate 500kbit burst 4096b latency 20ms'
        lab.links()[2].attrs().shape().tcArguments() == 'netem delay 10ms duplicate 0.5% reorder 25% corrupt 0.1% limit 50'
        lab.uplinks()[0].shape().tcArguments() == 'tbf rate 5mbit burst 5000b limit 30280b'
        lab.links()[2].ends()[1].shape().isNone()
    }

    def "a slow rate still gets a bucket that holds two full frames"() {
        expect:
        Shape.NONE.withRate(Shape.parseRate('64kbit')).tbfBurst() == 3028
    }

    def "a wrong shaping value is refused with its line: #reason"() {
        when:
        runner.load('x.netns.groovy', script)

        then:
        def e = thrown(DslException)
        e.message == 'x.netns.groovy:' + message

        where:
        reason                 | script                                                       | message
        'rate without a unit'  | "bridge 'br0'\nveth 'a' peer 'b' rate '20'"                   | "2: rate '20' is not a rate like '20mbit' (units: bit, kbit, mbit, gbit)"
        'rate in bytes'        | "veth 'a' rate '2MB' peer 'b'"                                | "1: rate '2MB' is not a rate like '20mbit' (units: bit, kbit, mbit, gbit)"
        'delay without a unit' | "veth 'a' delay '40' peer 'b'"                                | "1: delay '40' is not a time like '40ms' (units: us, ms, s)"
        'loss without %'       | "veth 'a' loss '5' peer 'b'"                                  | "1: loss '5' is not a percentage like '1%' (write the % sign)"
        'loss above 100%'      | "veth 'a' loss '150%' peer 'b'"                               | "1: loss '150%' is above 100%"
        'queue of 0'           | "veth 'a' queue 0 peer 'b'"                                   | "1: queue 0: a queue holds at least 1 packet"
        'jitter without delay' | "bridge 'br0'\n\nveth 'a' jitter '5ms' peer 'b'"              | "3: veth 'a': jitter '5ms' needs a delay at least as long (add delay 'T')"
        'reorder without delay'| "veth 'a' peer 'b' reorder '10%'"                             | "1: peer 'b' of veth 'a': reorder needs a delay: netem sends reordered packets at once and delays the others (add delay 'T')"
        'burst with netem'     | "veth 'a' rate '1mbit' delay '1ms' burst '10kb' peer 'b'"     | "1: veth 'a': burst and latency tune a tbf: they need rate alone (netem carries its own rate)"
        'rate as a number'     | "veth('a') {\n  peer 'b'\n  rate 20\n}"                       | "3: 'rate' in veth 'a' takes (String), not (Integer)"
    }

    def "units are tc's: decimal rates, times in us/ms/s"() {
        expect:
        Shape.parseRate(text) == bits

        where:
        text      | bits
        '8bit'    | 8
        '1.5mbit' | 1_500_000
        '20Mbit'  | 20_000_000
        '10gbit'  | 10_000_000_000
    }

    def "times and sizes"() {
        expect:
        Shape.parseTime('250us') == 250
        Shape.parseTime('1.5ms') == 1500
        Shape.parseTime('2s') == 2_000_000
        Shape.parseSize('32kb') == 32768
        Shape.parsePercent('0.25%') == 0.25d
        Shape.formatRate(1_500_000) == '1500kbit'
        Shape.formatTime(1500) == '1500us'
    }
}
