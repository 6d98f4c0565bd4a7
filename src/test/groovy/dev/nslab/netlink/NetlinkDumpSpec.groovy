package dev.nslab.netlink

import dev.nslab.netlink.nl.Attr
import dev.nslab.netlink.nl.Attrs
import dev.nslab.netlink.nl.IfInfoMsg
import dev.nslab.netlink.nl.LinkMessage
import dev.nslab.netlink.nl.NlMessage
import dev.nslab.netlink.nl.NlMsgHdr
import dev.nslab.sys.Errno
import spock.lang.Specification
import spock.lang.Tag

import java.nio.charset.StandardCharsets

import static dev.nslab.netlink.nl.Rtnl.*

/**
 * How the handle reads dumps and lookups, against a {@link ScriptedKernel}: nothing is believed
 * from an interrupted or overrun dump, replies to other requests are ignored, a dump's error is
 * reported. The same code reads the real kernel in NetlinkSpec.
 */
@Tag('plain-jvm')
class NetlinkDumpSpec extends Specification {
    ScriptedKernel kernel = new ScriptedKernel()
    Netlink nl = Netlink.over(kernel)

    private static LinkMessage link(int index, String name) {
        new LinkMessage(new NlMsgHdr(0, RTM_NEWLINK, 0, 0, 0), new IfInfoMsg(AF_UNSPEC, 1, index, 0, 0),
                Attrs.of(new Attr(IFLA_IFNAME, (name + '\0').getBytes(StandardCharsets.UTF_8))))
    }

    def "a dump the kernel marks interrupted (NLM_F_DUMP_INTR) is redone, and only the clean one counts"() {
        given:
        int dumps = 0
        kernel.answer = { NlMessage r ->
            dumps++
            dumps == 1 ? [kernel.dump(r, [link(1, 'lo'), link(7, 'half-made')], NLM_F_DUMP_INTR)]
                    : [kernel.dump(r, [link(1, 'lo'), link(8, 'eth0')])]
        }

        when:
        def names = nl.linkList()*.name()

        then:
        names == ['lo', 'eth0']
        kernel.requests().size() == 2
        kernel.requests().every { it.header().type() == RTM_GETLINK && it.header().hasFlag(NLM_F_DUMP) }
    }

    def "a dump interrupted ten times in a row is reported, never trusted"() {
        given:
        kernel.answer = { NlMessage r -> [kernel.dump(r, [link(1, 'lo')], NLM_F_DUMP_INTR)] }

        when:
        nl.linkList()

        then:
        def e = thrown(NetlinkStateUnknownException)
        e.message == "'link show': dump interrupted 10 times in a row (the state keeps changing)"
        kernel.requests().size() == 10
    }

    def "a dump whose replies overran the receive buffer is drained and redone"() {
        given: 'the first dump comes in three datagrams, of which the buffer holds one'
        int dumps = 0
        kernel.answer = { NlMessage r ->
            dumps++
            if (dumps == 1) {
                kernel.receiveBuffer = 1
                def whole = kernel.dump(r, [link(1, 'lo'), link(2, 'a'), link(3, 'b')])
                return whole.messages.collect { new ScriptedKernel.Reply(messages: [it]) }
            }
            kernel.receiveBuffer = Integer.MAX_VALUE
            [kernel.dump(r, [link(1, 'lo'), link(2, 'a'), link(3, 'b')])]
        }

        when:
        def names = nl.linkList()*.name()

        then:
        names == ['lo', 'a', 'b']
        kernel.requests().size() == 2
    }

    def "parts of another dump (an earlier seq) or for another socket are not mixed into this one"() {
        given:
        kernel.answer = { NlMessage r ->
            def stale = kernel.dump(r, [link(9, 'stale')])
            stale.messages = stale.messages.collect { m ->
                new LinkMessage(new NlMsgHdr(0, RTM_NEWLINK, NLM_F_MULTI, r.header().seq() - 1, ScriptedKernel.PORT), link(9, 'stale').ifi(), link(9, 'stale').attrs())
            }
            def foreign = kernel.dump(r, [link(10, 'foreign')])
            foreign.sender = 31337
            [stale, foreign, kernel.dump(r, [link(1, 'lo')])]
        }

        expect:
        nl.linkList()*.name() == ['lo']
    }

    def "a dump cut short by an error in NLMSG_DONE fails, naming the request"() {
        given:
        kernel.answer = { NlMessage r -> [kernel.dump(r, [link(1, 'lo')], 0, -Errno.EMSGSIZE.number)] }

        when:
        nl.linkList()

        then:
        def e = thrown(NetlinkException)
        e.request() == 'link show'
        e.is(Errno.EMSGSIZE)
    }

    def "a lookup of a missing link is empty, and a link found only by its altname is not taken for it"() {
        given:
        kernel.answer = { NlMessage r ->
            String asked = (r as LinkMessage).ifname()
            asked == 'gone' ? [kernel.error(r, Errno.ENODEV.number, null)]
                    : [new ScriptedKernel.Reply(messages: [new LinkMessage(new NlMsgHdr(0, RTM_NEWLINK, 0, r.header().seq(), ScriptedKernel.PORT),
                    link(4, 'realname').ifi(), link(4, 'realname').attrs())]), kernel.ack(r)]
        }

        expect:
        nl.linkByName('gone').isEmpty()
        nl.linkByName('altname').isEmpty()
        nl.linkByName('realname').get().index() == 4
    }
}
