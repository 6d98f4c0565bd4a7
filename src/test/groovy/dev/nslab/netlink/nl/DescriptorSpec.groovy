package dev.nslab.netlink.nl

import spock.lang.Specification
import spock.lang.Tag

import java.lang.reflect.Modifier
import java.nio.ByteBuffer

import static dev.nslab.netlink.nl.Iproute2Captures.*
import static dev.nslab.netlink.nl.Rtnl.*

/**
 * Attribute descriptors: one declaration per attribute serves the encoder, the decoder and the
 * error text; IFLA_INFO_DATA has one model (LinkKind) for writing and reading. The bytes are
 * iproute2's captures (Iproute2Captures), so each direction is checked against the real tool.
 */
@Tag('plain-jvm')
class DescriptorSpec extends Specification {

    static final List<Class> FAMILIES = [Ifla, Ifa, Rta, Netnsa, ErrorMessage, Tca]

    static List<Nla> descriptors() {
        FAMILIES.collectMany { c ->
            c.declaredFields.findAll { Modifier.isStatic(it.modifiers) && it.type == Nla }.collect { it.get(null) as Nla }
        }
    }

    def "every descriptor carries the name the uapi table gives its number"() {
        expect:
        descriptors().size() > 40
        descriptors().every { d -> uapi(d.name()) == d.type() }
    }

    /** The number the uapi tables (Rtnl, Tc) give a name. */
    static int uapi(String name) {
        [Rtnl, Tc].findResult { c -> c.fields.find { it.name == name }?.getInt(null) } as int
    }

    def "#name decodes into the LinkKind that encodes back to the same bytes"() {
        given:
        LinkMessage m = NlCodec.decode(Hex.buffer(Iproute2Captures."$name"))[0]

        expect: 'decoding gives the model'
        m.linkKind() == kind

        and: 'the model writes exactly the captured IFLA_LINKINFO'
        NlWriter w = new NlWriter()
        int info = w.beginNest(IFLA_LINKINFO)
        kind.writeInfo(w)
        w.endNest(info)
        Hex.of(w.toByteArray()) == Hex.of(linkInfoBytes(m))

        where:
        name                          | kind
        'LINK_ADD_VETH'               | new LinkKind.Veth('veth2', null, 0, null, null)
        'LINK_ADD_VETH_PEER_IN_NETNS' | new LinkKind.Veth('veth4', 4, 0, null, null)
        'LINK_ADD_BRIDGE'             | new LinkKind.Bridge(true, 4)
        'LINK_ADD_MACVLAN'            | new LinkKind.Macvlan(3, MACVLAN_MODE_BRIDGE)
        'LINK_ADD_VXLAN'              | new LinkKind.Vxlan(42, InetAddress.getByName('10.0.0.2'), InetAddress.getByName('10.0.0.1'), null, 4789, 3)
    }

    def "a dump reads into the same model: a bridge's STP and forward delay, a veth without its peer; no IFLA_LINKINFO is no kind"() {
        expect:
        NlCodec.decode(Hex.buffer(LINK_REPLY_BRIDGE))[0].linkKind() == new LinkKind.Bridge(true, 4)
        NlCodec.decode(Hex.buffer(LINK_DUMP_VETH1))[0].linkKind() == new LinkKind.Veth(null, null, 0, null, null)
        NlCodec.decode(Hex.buffer(LINK_SET_UP))[0].linkKind() == null
    }

    def "every kind survives write then read"() {
        given:
        NlWriter w = new NlWriter()
        int start = w.beginMessage(RTM_NEWLINK, 0, 1, 0)
        w.put(IfInfoMsg.ofIndex(0))
        if (kind instanceof LinkKind.Macvlan) {
            w.put(Ifla.LINK, kind.parentIndex())
        }
        int info = w.beginNest(IFLA_LINKINFO)
        kind.writeInfo(w)
        w.endNest(info)
        w.endMessage(start)

        expect:
        (NlCodec.decode(ByteBuffer.wrap(w.toByteArray()))[0] as LinkMessage).linkKind() == kind

        where:
        kind << [
                new LinkKind.Veth('p', 5, 7, 1400, [2, 0, 0, 0, 0, 9] as byte[]),
                new LinkKind.Bridge(false, 15),
                new LinkKind.Bridge(null, null),
                new LinkKind.Macvlan(4, MACVLAN_MODE_PRIVATE),
                new LinkKind.Vxlan(7, InetAddress.getByName('fd00::2'), InetAddress.getByName('fd00::1'), null, 4789, null),
                new LinkKind.Vxlan(9, null, null, InetAddress.getByName('239.1.1.1'), null, 2),
                new LinkKind.Plain('ifb'),
        ]
    }

    def "bridge timers are scaled in one place: 4 s is 400 on the wire and in ip's words"() {
        expect:
        Ifla.CLOCK_T.wire(4) == 400
        NlCodec.decode(Hex.buffer(LINK_ADD_BRIDGE))[0].infoData().get(IFLA_BR_FORWARD_DELAY).u32() == 400
        dev.nslab.netlink.Requests.linkAdd(dev.nslab.netlink.NewLink.of('br0', new LinkKind.Bridge(true, 4))).command() ==
                'link add br0 type bridge stp_state 1 forward_delay 400'
    }

    def "the attribute at an extended ack's offset is named by its path: #offset of #name is #path"() {
        expect:
        AttrPath.at(Hex.buffer(Iproute2Captures."$name"), offset) == path

        where:
        name            | offset || path
        'LINK_ADD_VXLAN' | 32    || 'IFLA_IFNAME'
        'LINK_ADD_VXLAN' | 40    || 'IFLA_LINKINFO'
        'LINK_ADD_VXLAN' | 44    || 'IFLA_LINKINFO > IFLA_INFO_KIND'
        'LINK_ADD_VXLAN' | 68    || 'IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VXLAN_ID'
        'LINK_ADD_VXLAN' | 100   || 'IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_VXLAN_PORT'
        'LINK_ADD_VXLAN' | 16    || null
        'LINK_ADD_VETH'  | 80    || 'IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME'
        'ADDR_ADD_V4'    | 24    || 'IFA_LOCAL'
        'ROUTE_ADD_DEV'  | 36    || 'RTA_OIF'
        'GETNSID_REQUEST' | 20   || 'NETNSA_FD'
    }

    def "a missing attribute is named in its message's space, and one nslab has no descriptor of by number"() {
        expect:
        AttrPath.missing(Hex.buffer(LINK_ADD_VXLAN), IFLA_IFNAME, null) == 'IFLA_IFNAME'
        AttrPath.missing(Hex.buffer(LINK_ADD_VXLAN), IFLA_GROUP, null) == 'IFLA attribute 27'
        AttrPath.missing(Hex.buffer(LINK_ADD_VXLAN), 99, 56) == 'attribute 99 of IFLA_LINKINFO > IFLA_INFO_DATA'
    }

    def "a malformed value is reported by the descriptor's name: #message"() {
        when:
        descriptor.decode(new Attr(descriptor.type(), new byte[length]))

        then:
        def e = thrown(NlDecodeException)
        e.message == message

        where:
        descriptor             | length || message
        Ifa.LOCAL              | 3      || 'IFA_LOCAL: expected 4 or 16 bytes, got 3'
        Ifla.BR_FORWARD_DELAY  | 2      || 'IFLA_BR_FORWARD_DELAY: expected 4 bytes, got 2'
        Ifla.VXLAN_PORT        | 4      || 'IFLA_VXLAN_PORT: expected 2 bytes, got 4'
        Ifla.LINKINFO          | 2      || 'IFLA_LINKINFO: 2 stray bytes after the last attribute'
        Tca.TBF_PARMS          | 20     || 'TCA_TBF_PARMS: expected at least 36 bytes, got 20'
        Tca.HTB_PARMS          | 43     || 'TCA_HTB_PARMS: expected at least 44 bytes, got 43'
        Tca.NETEM_CORR         | 8      || 'TCA_NETEM_CORR: expected at least 12 bytes, got 8'
        Tca.TBF_RATE64         | 4      || 'TCA_TBF_RATE64: expected 8 bytes, got 4'
    }

    /** The bytes of the message's IFLA_LINKINFO attribute, header included. */
    private static byte[] linkInfoBytes(LinkMessage m) {
        NlWriter w = new NlWriter()
        w.putNest(IFLA_LINKINFO, m.linkInfo())
        w.toByteArray()
    }
}
