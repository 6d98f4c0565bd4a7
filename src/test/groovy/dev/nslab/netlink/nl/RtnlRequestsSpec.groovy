package dev.nslab.netlink.nl

import static dev.nslab.netlink.nl.Rtnl.*

import spock.lang.Specification

import java.nio.ByteBuffer
import java.nio.ByteOrder

class RtnlRequestsSpec extends Specification {

    static final int SEQ = 0x12345678

    def "#name is built byte for byte as iproute2 sends it, seq and pid aside"() {
        given:
        NlWriter writer = new NlWriter()

        when:
        build(writer)

        then:
        Hex.of(withoutSeqAndPid(writer.toByteArray())) == Hex.of(withoutSeqAndPid(Hex.bytes(Iproute2Captures."$name")))

        where:
        name                          | build
        'LINK_ADD_VETH'               | { NlWriter w -> RtnlRequests.linkAddVeth(w, SEQ, 'veth1', null, 'veth2', null) }
        'LINK_ADD_VETH_PEER_IN_NETNS' | { NlWriter w -> RtnlRequests.linkAddVeth(w, SEQ, 'veth3', null, 'veth4', 4) }
        'LINK_ADD_BRIDGE'             | { NlWriter w -> RtnlRequests.linkAddBridge(w, SEQ, 'br0', 1, 400) }
        'LINK_ADD_MACVLAN'            | { NlWriter w -> RtnlRequests.linkAddMacvlan(w, SEQ, 'mv0', 3, MACVLAN_MODE_BRIDGE) }
        'LINK_ADD_VXLAN'              | { NlWriter w -> RtnlRequests.linkAddVxlan(w, SEQ, 'vx0', 42, ip('10.0.0.2'), ip('10.0.0.1'), 4789, 3) }
        'LINK_GET_BY_NAME'            | { NlWriter w -> RtnlRequests.linkGet(w, SEQ, 'veth1') }
        'LINK_DUMP_REQUEST'           | { NlWriter w -> RtnlRequests.linkDump(w, SEQ, 'veth') }
        'LINK_SET_UP'                 | { NlWriter w -> RtnlRequests.linkSetUp(w, SEQ, 3, true) }
        'LINK_SET_MTU'                | { NlWriter w -> RtnlRequests.linkSetMtu(w, SEQ, 3, 1400) }
        'LINK_SET_ADDRESS'            | { NlWriter w -> RtnlRequests.linkSetAddress(w, SEQ, 3, [2, 0, 0, 0, 0, 1] as byte[]) }
        'LINK_SET_MASTER'             | { NlWriter w -> RtnlRequests.linkSetMaster(w, SEQ, 3, 5) }
        'LINK_SET_NOMASTER'           | { NlWriter w -> RtnlRequests.linkSetMaster(w, SEQ, 3, 0) }
        'LINK_SET_ALIAS'              | { NlWriter w -> RtnlRequests.linkSetAlias(w, SEQ, 3, 'foo') }
        'LINK_DEL'                    | { NlWriter w -> RtnlRequests.linkDel(w, SEQ, 3) }
        'ADDR_ADD_V4'                 | { NlWriter w -> RtnlRequests.addrAdd(w, SEQ, 3, ip('10.0.0.1'), 24, 0) }
        'ADDR_ADD_V6_NODAD'           | { NlWriter w -> RtnlRequests.addrAdd(w, SEQ, 3, ip('fd00::1'), 64, IFA_F_NODAD) }
        'ADDR_DEL'                    | { NlWriter w -> RtnlRequests.addrDel(w, SEQ, 3, ip('10.0.0.1'), 24) }
        'ADDR_DUMP_REQUEST'           | { NlWriter w -> RtnlRequests.addrDump(w, SEQ, AF_UNSPEC, 3) }
        'ROUTE_ADD_DEFAULT'           | { NlWriter w -> RtnlRequests.routeAdd(w, SEQ, false, null, 0, ip('10.0.0.254'), null, RTPROT_BOOT) }
        'ROUTE_REPLACE_STATIC'        | { NlWriter w -> RtnlRequests.routeAdd(w, SEQ, true, ip('10.9.0.0'), 16, ip('10.0.0.254'), null, RTPROT_STATIC) }
        'ROUTE_ADD_DEV'               | { NlWriter w -> RtnlRequests.routeAdd(w, SEQ, false, ip('10.8.0.0'), 16, null, 3, RTPROT_BOOT) }
        'ROUTE_DEL'                   | { NlWriter w -> RtnlRequests.routeDel(w, SEQ, ip('10.8.0.0'), 16, null, 3) }
        'ROUTE_DUMP_REQUEST'          | { NlWriter w -> RtnlRequests.routeDump(w, SEQ, AF_INET, RT_TABLE_MAIN) }
    }

    def "requests written one after another form a batch that decodes back in order, each with its seq"() {
        given:
        NlWriter w = new NlWriter()

        when:
        RtnlRequests.linkAddVeth(w, 1, 'a', null, 'b', null)
        RtnlRequests.linkSetUp(w, 2, 7, true)
        RtnlRequests.addrAdd(w, 3, 7, ip('10.0.0.1'), 24, 0)
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
        RtnlRequests.linkAddVxlan(w, SEQ, 'vx6', 7, ip('fd00::2'), ip('fd00::1'), 4789, null)
        Attrs data = (NlCodec.decode(ByteBuffer.wrap(w.toByteArray()))[0] as LinkMessage).infoData()

        then:
        data.get(IFLA_VXLAN_GROUP6).inetAddress() == ip('fd00::2')
        data.get(IFLA_VXLAN_LOCAL6).inetAddress() == ip('fd00::1')
        !data.has(IFLA_VXLAN_GROUP)
        !data.has(IFLA_VXLAN_LINK)
    }

    def "a route without destination or gateway is refused, since its family is unknown"() {
        when:
        RtnlRequests.routeAdd(new NlWriter(), SEQ, false, null, 0, null, 3, RTPROT_BOOT)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'a route needs a destination or a gateway to know its family'
    }

    private static InetAddress ip(String literal) {
        InetAddress.getByName(literal)
    }

    private static byte[] withoutSeqAndPid(byte[] message) {
        byte[] copy = message.clone()
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(8, 0).putInt(12, 0)
        copy
    }
}
