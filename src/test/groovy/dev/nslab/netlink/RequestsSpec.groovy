package dev.nslab.netlink

import dev.nslab.netlink.nl.LinkKind
import dev.nslab.netlink.nl.Attrs
import dev.nslab.netlink.nl.Hex
import dev.nslab.netlink.nl.Iproute2Captures
import dev.nslab.netlink.nl.LinkMessage
import dev.nslab.netlink.nl.NlCodec
import dev.nslab.netlink.nl.NlMessage
import dev.nslab.netlink.nl.NlWriter
import spock.lang.Specification
import spock.lang.Tag

import java.nio.ByteBuffer
import java.nio.ByteOrder

import static dev.nslab.netlink.nl.Rtnl.*

/**
 * The requests nslab really sends, proven against the bytes iproute2 sends for the same
 * operation (captured with strace, see Iproute2Captures), seq and port id aside.
 */
@Tag('plain-jvm')
class RequestsSpec extends Specification {
    static final int SEQ = 0x12345678

    def "#name is encoded byte for byte as iproute2 sends it"() {
        given:
        NlWriter w = new NlWriter()

        when:
        request.encoder().write(w, SEQ)
        byte[] expected = normalise(Hex.bytes(Iproute2Captures."$name"), protocol)

        then:
        Hex.of(normalise(w.toByteArray(), null)) == Hex.of(expected)

        where:
        name                          | protocol | request
        'LINK_ADD_VETH'               | null     | Requests.linkAdd(NewLink.of('veth1', new LinkKind.Veth('veth2', null, 0, null, null)))
        'LINK_ADD_VETH_PEER_IN_NETNS' | null     | Requests.linkAdd(NewLink.of('veth3', new LinkKind.Veth('veth4', 4, 0, null, null)))
        'LINK_ADD_BRIDGE'             | null     | Requests.linkAdd(NewLink.of('br0', new LinkKind.Bridge(true, 4)))
        'LINK_ADD_MACVLAN'            | null     | Requests.linkAdd(NewLink.of('mv0', new LinkKind.Macvlan(3, MACVLAN_MODE_BRIDGE)))
        'LINK_ADD_VXLAN'              | null     | Requests.linkAdd(NewLink.of('vx0', new LinkKind.Vxlan(42, ip('10.0.0.2'), ip('10.0.0.1'), null, 4789, 3)))
        'LINK_SET_UP'                 | null     | Requests.linkSetUp(LinkRef.byIndex(3, 'veth1'))
        'LINK_SET_MTU'                | null     | Requests.linkSetMtu(LinkRef.byIndex(3, 'veth1'), 1400)
        'LINK_SET_ADDRESS'            | null     | Requests.linkSetMac(LinkRef.byIndex(3, 'veth1'), [2, 0, 0, 0, 0, 1] as byte[])
        'LINK_SET_MASTER'             | null     | Requests.linkSetMaster(LinkRef.byIndex(3, 'veth1'), 5, 'br0')
        'LINK_SET_NOMASTER'           | null     | Requests.linkSetNoMaster(LinkRef.byIndex(3, 'veth1'))
        'LINK_SET_ALIAS'              | null     | Requests.linkSetAlias(LinkRef.byIndex(3, 'veth1'), 'foo')
        'LINK_SET_ADDRGENMODE_NONE'   | null     | Requests.linkSetIpv6AddrGenModeNone(LinkRef.byIndex(3, 'veth1'))
        'LINK_DEL'                    | null     | Requests.linkDel(LinkRef.byIndex(3, 'veth1'))
        'ADDR_ADD_V4'                 | null     | Requests.addrAdd(3, 'veth1', ip('10.0.0.1'), 24, false)
        'ADDR_ADD_V6_NODAD'           | null     | Requests.addrAdd(3, 'veth1', ip('fd00::1'), 64, true)
        'ADDR_DEL'                    | null     | Requests.addrDel(3, 'veth1', ip('10.0.0.1'), 24)
        // nslab tags every route it adds with its own protocol number: the only difference
        'ROUTE_ADD_DEFAULT'           | 78       | Requests.routeAdd(new RouteSpec(AF_INET, null, 0, ip('10.0.0.254'), 0, null))
        'ROUTE_REPLACE_STATIC'        | 78       | Requests.routeReplace(new RouteSpec(AF_INET, ip('10.9.0.0'), 16, ip('10.0.0.254'), 0, null))
        'ROUTE_ADD_DEV'               | 78       | Requests.routeAdd(new RouteSpec(AF_INET, ip('10.8.0.0'), 16, null, 3, 'veth1'))
        'ROUTE_DEL'                   | null     | Requests.routeDel(new RouteSpec(AF_INET, ip('10.8.0.0'), 16, null, 3, 'veth1'))
    }

    def "requests of a batch decode back in order, each with its seq and NLM_F_ACK"() {
        given:
        NlWriter w = new NlWriter()

        when:
        Requests.linkAdd(NewLink.of('a', new LinkKind.Veth('b', null, 0, null, null))).encoder().write(w, 1)
        Requests.linkSetUp(LinkRef.byIndex(7, 'a')).encoder().write(w, 2)
        Requests.addrAdd(7, 'a', ip('10.0.0.1'), 24, false).encoder().write(w, 3)
        List<NlMessage> batch = NlCodec.decode(ByteBuffer.wrap(w.toByteArray()))

        then:
        batch*.header()*.seq() == [1, 2, 3]
        batch*.header()*.type() == [RTM_NEWLINK, RTM_NEWLINK, RTM_NEWADDR]
        batch.every { it.header().hasFlag(NLM_F_REQUEST | NLM_F_ACK) }
        (batch[0] as LinkMessage).vethPeer().ifname() == 'b'
    }

    def "an IPv6 vxlan uses the *6 attributes for its addresses"() {
        given:
        NlWriter w = new NlWriter()

        when:
        Requests.linkAdd(NewLink.of('vx6', new LinkKind.Vxlan(7, ip('fd00::2'), ip('fd00::1'), null, 4789, null))).encoder().write(w, SEQ)
        Attrs data = (NlCodec.decode(ByteBuffer.wrap(w.toByteArray()))[0] as LinkMessage).infoData()

        then:
        data.get(IFLA_VXLAN_GROUP6).inetAddress() == ip('fd00::2')
        data.get(IFLA_VXLAN_LOCAL6).inetAddress() == ip('fd00::1')
        !data.has(IFLA_VXLAN_GROUP)
        !data.has(IFLA_VXLAN_LINK)
    }

    def "each request names the ip command it equals"() {
        expect:
        request.command() == command

        where:
        request                                                                                   | command
        Requests.linkAdd(NewLink.of('v1', new LinkKind.Veth('v2', 5, 2, null, null)).up(true))    | 'link add v1 up type veth peer name v2 netns fd:5'
        Requests.addrAdd(3, 'eth0', ip('fd00::1'), 64, true)                                      | 'addr add fd00::1/64 dev eth0 nodad'
        Requests.routeReplace(new RouteSpec(AF_INET, null, 0, ip('10.0.0.1'), 0, null))           | 'route replace default via 10.0.0.1'
    }

    private static InetAddress ip(String literal) {
        InetAddress.getByName(literal)
    }

    /** Zeroes seq and pid; with {@code protocol}, sets rtm_protocol as nslab sends it. */
    private static byte[] normalise(byte[] message, Integer protocol) {
        byte[] copy = message.clone()
        def b = ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(8, 0).putInt(12, 0)
        if (protocol != null) {
            b.put(16 + 5, protocol as byte)
        }
        copy
    }
}
