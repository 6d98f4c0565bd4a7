package dev.nslab.plan

import dev.nslab.dsl.ScriptRunner
import dev.nslab.model.LiveState
import dev.nslab.model.LiveState.LiveLink
import dev.nslab.model.LiveState.LiveNamespace
import dev.nslab.model.LiveState.LiveQdisc
import dev.nslab.model.Ownership
import dev.nslab.model.Shape
import spock.lang.Specification
import spock.lang.Tag

/**
 * Shaping in the plan: desired words x live root qdiscs. Nothing when they agree, one qdisc
 * replaced (never the link) when a word changed, the qdisc removed when the words are gone.
 */
@Tag('plain-jvm')
class ShapingPlanSpec extends Specification {

    static final String SCRIPT = '''namespace('h1') {
    veth 'eth0' addr '10.0.0.1/24' WORDS peer 'eth0' netns 'h2' addr '10.0.0.2/24'
}
namespace 'h2'
'''

    static LiveLink link(int index, String name, String kind = 'veth') {
        new LiveLink(index, name, kind, true, true, 1500, '02:00:00:00:00:0' + index, 0, null, null, null)
    }

    static LiveNamespace ns(String name, List<LiveQdisc> qdiscs) {
        new LiveNamespace(name, [link(1, 'lo', 'loopback'), link(2, 'eth0')],
                [new LiveState.LiveAddress(2, dev.nslab.model.Prefix.parse(name == 'h1' ? '10.0.0.1/24' : '10.0.0.2/24'), false, false)],
                [], qdiscs)
    }

    static Plan plan(String words, List<LiveQdisc> h1Qdiscs) {
        def lab = new ScriptRunner().load('wan.netns.groovy', SCRIPT.replace('WORDS', words))
        def live = new LiveState(['h1', 'h2'] as Set, [host: new LiveNamespace('host', [link(1, 'lo', 'loopback')], [], []),
                                                      h1: ns('h1', h1Qdiscs), h2: ns('h2', [])])
        Planner.plan(lab, live, new Ownership('wan', ['h1', 'h2'] as Set, [] as Set), [:])
    }

    static LiveQdisc tbf(long rate, long burst, long limit) {
        new LiveQdisc(2, 'tbf', Shape.NONE.withRate(rate).withBurst(burst), limit)
    }

    def "a fresh shaped end gets its qdisc after everything else, as a tc -batch line with its script line"() {
        when:
        def p = plan("rate '20mbit'", [])
        def q = p.changes().last()

        then:
        q instanceof Change.QdiscReplace
        q.namespace() == 'h1'
        IpText.batchLine(q) == 'qdisc replace dev eth0 root tbf rate 20mbit burst 20000b latency 50ms'
        q.location().toString() == 'wan.netns.groovy:2'
        q.explanation() == 'limits what eth0 sends to 20mbit with a token bucket (tbf): up to 20000 bytes pass at once,' +
                ' and a packet that would wait over 50ms is dropped'
        p.changes().size() == 1
    }

    def "the same words on a live qdisc that does them plan nothing (the kernel's tick rounding of the burst allowed)"() {
        expect:
        plan("rate '20mbit'", [tbf(20_000_000, 19_999, 2_500_000 * 0.05 + 20_000 as long)]).isEmpty()
    }

    def "a changed rate replaces the qdisc alone, and says so"() {
        when:
        def p = plan("rate '5mbit'", [tbf(20_000_000, 20_000, 145_000)])

        then:
        p.changes().collect { IpText.batchLine(it) } == ['qdisc replace dev eth0 root tbf rate 5mbit burst 5000b latency 50ms']
        p.changes()[0].explanation().endsWith('; it replaces the tbf qdisc there, and leaves the link as it is')
    }

    def "removed words remove the lab's qdisc; the kernel's own is left alone"() {
        expect:
        plan('', [tbf(20_000_000, 20_000, 145_000)]).changes().collect { IpText.batchLine(it) } == ['qdisc del dev eth0 root']
        plan('', [new LiveQdisc(2, 'noqueue', null, 0)]).isEmpty()
    }

    def "netem words make a netem carrying the rate; a live netem that does them plans nothing"() {
        given:
        def live = new LiveQdisc(2, 'netem', Shape.NONE.withDelay(40_000).withJitter(5_000).withLoss(0.9999d)
                .withRate(20_000_000).withQueue(1000), 1000)

        expect:
        plan("rate '20mbit' delay '40ms' jitter '5ms' loss '1%'", []).changes().collect { IpText.batchLine(it) } ==
                ['qdisc replace dev eth0 root netem delay 40ms 5ms loss 1% rate 20mbit limit 1000']
        plan("rate '20mbit' delay '40ms' jitter '5ms' loss '1%'", [live]).changes().collect { IpText.batchLine(it) } ==
                ['qdisc replace dev eth0 root netem delay 40ms 5ms loss 1% rate 20mbit limit 1000']
        plan("rate '20mbit' delay '40ms' jitter '5ms' loss '1%'", [new LiveQdisc(2, 'netem', live.shape().withLoss(1.0d), 1000)]).isEmpty()
        plan("rate '20mbit' delay '40ms' jitter '5ms' loss '1%'", [new LiveQdisc(2, 'netem', live.shape().withLoss(0.99999999d), 1000)]).isEmpty()
        plan("delay '40ms'", [tbf(20_000_000, 20_000, 145_000)]).changes()[0].explanation() ==
                'makes eth0 delay every packet it sends by 40ms (netem, queue of 1000 packets); it replaces the tbf qdisc there, and leaves the link as it is'
    }
}
