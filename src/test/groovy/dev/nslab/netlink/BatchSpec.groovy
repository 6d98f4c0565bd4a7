package dev.nslab.netlink

import dev.nslab.netlink.nl.NlMessage
import dev.nslab.netlink.nl.Rtnl
import spock.lang.Specification
import spock.lang.Tag

import static dev.nslab.netlink.Outcome.Status.*

/**
 * What a batch makes of the kernel's answers, played by a {@link ScriptedKernel}: the window,
 * refusals, lost acks, time-outs, stray and interrupted replies. No root, no socket; the same
 * code runs against the kernel in NetlinkSpec and NetlinkLoadSpec.
 */
@Tag('plain-jvm')
class BatchSpec extends Specification {
    ScriptedKernel kernel = new ScriptedKernel()

    private static Request mtu(int i) {
        Requests.linkSetMtu(LinkRef.byIndex(100 + i, "v$i"), 1280 + i)
    }

    private Batch<Integer> batchOf(int n, int window = Batch.DEFAULT_WINDOW) {
        def b = new Batch<Integer>(kernel, window)
        (0..<n).each { b.add(mtu(it), it) }
        b
    }

    def "at most a window of requests is in flight, and every outcome comes back with its tag"() {
        when:
        BatchResult<Integer> result = batchOf(10, 3).execute()

        then: 'four datagrams of at most three requests, each sent once its predecessors were answered'
        kernel.sends*.size() == [3, 3, 3, 1]
        kernel.maxInFlight == 3
        result.sendCalls() == 4

        and: 'each request once, in order, each with a seq of its own and NLM_F_ACK'
        kernel.requests()*.header()*.seq().toSet().size() == 10
        kernel.requests().every { it.header().hasFlag(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK) }
        kernel.requests().collect { it.ifi().index() } == (100..109)

        and:
        result.outcomes()*.status() == [OK] * 10
        result.outcomes()*.tag() == (0..9)
        result.allOk()
        result.stateKnown()
    }

    def "a refused request fails alone, with its errno and the kernel's words; the others are applied"() {
        given:
        kernel.answer = { NlMessage r -> [r.ifi().index() == 104 ? kernel.error(r, 22, 'mtu less than device minimum') : kernel.ack(r)] }

        when:
        def result = batchOf(8, 3).execute()

        then:
        result.outcomes()*.status() == [OK, OK, OK, OK, FAILED, OK, OK, OK]
        result.failures()*.tag() == [4]
        result.failures()[0].errno() == 22
        result.failures()[0].kernelMessage() == 'mtu less than device minimum'
        result.stateKnown()

        when:
        result.orThrow()

        then:
        def e = thrown(NetlinkException)
        e.message == "'link set v4 mtu 1284' failed: EINVAL (Invalid argument): kernel says \"mtu less than device minimum\""
    }

    def "the attribute an extended ack points at is named, by its offset or as the one missing"() {
        given: 'the kernel points at byte 32 of the first request (its IFLA_MTU) and misses IFLA_IFNAME in the second'
        kernel.answer = { NlMessage r ->
            if (r.ifi().index() == 100) {
                return [kernel.error(r, 22, 'mtu too large', 32)]
            }
            def missing = kernel.error(r, 22, 'no name')
            def e = missing.messages[0] as dev.nslab.netlink.nl.ErrorMessage
            missing.messages = [new dev.nslab.netlink.nl.ErrorMessage(e.header(), e.error(), e.request(), new byte[0],
                    dev.nslab.netlink.nl.Attrs.of(e.extAck().list() + [new dev.nslab.netlink.nl.Attr(Rtnl.NLMSGERR_ATTR_MISS_TYPE,
                            [Rtnl.IFLA_IFNAME, 0, 0, 0] as byte[])]))]
            [missing]
        }

        when:
        def failures = batchOf(2).execute().failures()

        then:
        failures*.attribute() == ['IFLA_MTU', 'missing IFLA_IFNAME']
        failures[0].toException().message == "'link set v0 mtu 1280' failed: EINVAL (Invalid argument): kernel says \"mtu too large\" (at IFLA_MTU)"
    }

    def "acks lost to ENOBUFS leave their requests UNKNOWN and the rest NOT_SENT: never a guessed success or failure"() {
        given: 'a receive buffer of 4 acks, a window of 10, and a refusal among the acks that fit'
        kernel.receiveBuffer = 4
        kernel.answer = { NlMessage r -> [r.ifi().index() == 101 ? kernel.error(r, 17, null) : kernel.ack(r)] }

        when:
        def result = batchOf(25, 10).execute()

        then: 'the acks queued before the overrun still count; what lost its ack is unknown; nothing more was sent'
        result.outcomes()*.status() == [OK, FAILED, OK, OK] + [UNKNOWN] * 6 + [NOT_SENT] * 15
        kernel.sends*.size() == [10]
        result.failures()*.tag() == [1]
        result.unknown()*.tag() == (4..24)
        !result.stateKnown()
        !result.allOk()

        when: 'the refusal is reported first: it is known'
        result.orThrow()

        then:
        thrown(NetlinkException)
    }

    def "after lost acks alone, orThrow says the state is unknown"() {
        given:
        kernel.receiveBuffer = 2

        when:
        batchOf(5, 5).execute().orThrow()

        then:
        def e = thrown(NetlinkStateUnknownException)
        e.message == "3 of 5 requests have no known outcome (acks lost to ENOBUFS or time-out), first: link set v2 mtu 1282"
    }

    def "a request the kernel never answers is UNKNOWN after the time-out, and the answers already queued still count"() {
        given:
        kernel.answer = { NlMessage r -> r.ifi().index() == 101 ? [] : [kernel.ack(r)] }

        when:
        def result = batchOf(6, 3).execute()

        then:
        result.outcomes()*.status() == [OK, UNKNOWN, OK] + [NOT_SENT] * 3
        kernel.sends.size() == 1
    }

    def "stray replies are ignored: a sender that is not the kernel, another port, a seq never sent"() {
        given: 'before the real ack: a forged refusal from port 999, a refusal addressed to another socket, an ack of an unknown seq'
        kernel.answer = { NlMessage r ->
            def forged = kernel.error(r, 1, 'forged')
            forged.sender = 999
            def otherPort = kernel.error(r, 1, 'not yours')
            otherPort.messages = [new dev.nslab.netlink.nl.ErrorMessage(
                    new dev.nslab.netlink.nl.NlMsgHdr(0, Rtnl.NLMSG_ERROR, Rtnl.NLM_F_CAPPED, r.header().seq(), 777),
                    -1, r.header(), new byte[0], dev.nslab.netlink.nl.Attrs.EMPTY)]
            def unknownSeq = kernel.error(r, 1, 'old')
            unknownSeq.messages = [new dev.nslab.netlink.nl.ErrorMessage(
                    new dev.nslab.netlink.nl.NlMsgHdr(0, Rtnl.NLMSG_ERROR, Rtnl.NLM_F_CAPPED, r.header().seq() + 5000, ScriptedKernel.PORT),
                    -1, r.header(), new byte[0], dev.nslab.netlink.nl.Attrs.EMPTY)]
            [forged, otherPort, unknownSeq, kernel.ack(r)]
        }

        when:
        def result = batchOf(3).execute()

        then:
        result.outcomes()*.status() == [OK, OK, OK]
    }

    def "a late answer to a request of an earlier window is not taken for one of the current window"() {
        given: 'the first request is answered twice: its ack, then a refusal with the same seq'
        kernel.answer = { NlMessage r ->
            r.ifi().index() == 100 ? [kernel.ack(r), kernel.error(r, 16, 'late')] : [kernel.ack(r)]
        }

        when:
        def result = batchOf(4, 1).execute()

        then:
        result.outcomes()*.status() == [OK] * 4
    }

    def "a wait cut short (as EINTR cuts recvmsg short) is asked again, without losing or inventing an answer"() {
        given:
        kernel.interruptions = 7

        when:
        def result = batchOf(5, 2).execute()

        then:
        kernel.interruptions == 0
        result.outcomes()*.status() == [OK] * 5
    }

    def "executeAll keeps each batch's results in order, on one thread below 32 batches and on several above"() {
        given:
        def kernels = (0..<n).collect { new ScriptedKernel() }
        List<Batch<String>> batches = kernels.withIndex().collect { k, i -> new Batch<String>(k).add(mtu(i), "ns$i") }
        def threads = Collections.synchronizedSet(new HashSet<String>())

        when:
        List<BatchResult<String>> results = Batch.executeAll(batches) { threads << Thread.currentThread().name; Thread.sleep(5) }

        then: 'several threads only where there are several processors to run them'
        results.collect { it.outcomes()[0].tag() } == (0..<n).collect { "ns$it" }
        results.every { it.allOk() }
        (threads.size() > 1) == (parallel && Runtime.runtime.availableProcessors() > 1)

        where:
        n  | parallel
        5  | false
        40 | true
    }
}
