package dev.nslab.netlink.nl

import static dev.nslab.netlink.nl.Iproute2Captures.*
import static dev.nslab.netlink.nl.Rtnl.*

import spock.lang.Specification
import spock.lang.Tag

import java.nio.ByteBuffer

@Tag('plain-jvm')
class NlCodecSpec extends Specification {

    static final int ACKED = NLM_F_REQUEST | NLM_F_ACK
    static final int CREATE_EXCL = ACKED | NLM_F_CREATE | NLM_F_EXCL
    static final int CREATE_REPLACE = ACKED | NLM_F_CREATE | NLM_F_REPLACE

    def "#name decodes to #types and encodes back to the captured bytes"() {
        given:
        byte[] captured = Hex.bytes(Iproute2Captures."$name")

        when:
        List<NlMessage> messages = NlCodec.decode(ByteBuffer.wrap(captured))

        then:
        messages*.getClass()*.simpleName == types
        Hex.of(encodeAll(messages)) == Hex.of(captured)

        where:
        name                          | types
        'LINK_ADD_VETH'               | ['LinkMessage']
        'LINK_ADD_VETH_PEER_IN_NETNS' | ['LinkMessage']
        'LINK_ADD_BRIDGE'             | ['LinkMessage']
        'LINK_ADD_MACVLAN'            | ['LinkMessage']
        'LINK_ADD_VXLAN'              | ['LinkMessage']
        'LINK_GET_BY_NAME'            | ['LinkMessage']
        'LINK_SET_UP'                 | ['LinkMessage']
        'LINK_SET_MTU'                | ['LinkMessage']
        'LINK_SET_ADDRESS'            | ['LinkMessage']
        'LINK_SET_MASTER'             | ['LinkMessage']
        'LINK_SET_NOMASTER'           | ['LinkMessage']
        'LINK_SET_ALIAS'              | ['LinkMessage']
        'LINK_DEL'                    | ['LinkMessage']
        'LINK_DUMP_REQUEST'           | ['LinkMessage']
        'ADDR_ADD_V4'                 | ['AddrMessage']
        'ADDR_ADD_V6_NODAD'           | ['AddrMessage']
        'ADDR_DEL'                    | ['AddrMessage']
        'ADDR_DUMP_REQUEST'           | ['AddrMessage']
        'ROUTE_ADD_DEFAULT'           | ['RouteMessage']
        'ROUTE_REPLACE_STATIC'        | ['RouteMessage']
        'ROUTE_ADD_DEV'               | ['RouteMessage']
        'ROUTE_DEL'                   | ['RouteMessage']
        'ROUTE_DUMP_REQUEST'          | ['RouteMessage']
        'GETNSID_REQUEST'             | ['RawMessage']
        'ACK'                         | ['ErrorMessage']
        'ERROR_ADDRESS_EXISTS'        | ['ErrorMessage']
        'ERROR_LINK_EXISTS'           | ['ErrorMessage']
        'ERROR_INVALID_GATEWAY'       | ['ErrorMessage']
        'ERROR_NO_SUCH_ROUTE'         | ['ErrorMessage']
        'ERROR_NO_SUCH_DEVICE'        | ['ErrorMessage']
        'LINK_REPLY_BRIDGE'           | ['LinkMessage']
        'LINK_REPLY_PORT'             | ['LinkMessage']
        'LINK_DUMP_VETH1'             | ['LinkMessage']
        'LINK_DUMP_VETH3'             | ['LinkMessage']
        'LINK_DUMP_DONE'              | ['DoneMessage']
        'ADDR_DUMP'                   | ['AddrMessage', 'AddrMessage']
        'ADDR_DUMP_DONE'              | ['DoneMessage']
        'ROUTE_DUMP'                  | ['RouteMessage'] * 4
        'NEWNSID_REPLY'               | ['RawMessage']
    }

    def "a veth request carries its peer inside IFLA_LINKINFO"() {
        when:
        LinkMessage m = decodeOnly(LINK_ADD_VETH)

        then:
        m.header().type() == RTM_NEWLINK
        m.header().flags() == CREATE_EXCL
        m.ifi() == new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0)
        m.ifname() == 'veth1'
        m.kind() == 'veth'
        m.netNsFd() == null
        m.vethPeer().ifname() == 'veth2'
        m.vethPeer().ifi() == new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0)
        m.vethPeer().netNsFd() == null
    }

    def "a veth peer created in another namespace names it by fd inside VETH_INFO_PEER"() {
        when:
        LinkMessage m = decodeOnly(LINK_ADD_VETH_PEER_IN_NETNS)

        then:
        m.ifname() == 'veth3'
        m.netNsFd() == null
        m.vethPeer().ifname() == 'veth4'
        m.vethPeer().netNsFd() == 4
    }

    def "bridge, macvlan and vxlan requests put their settings in IFLA_INFO_DATA"() {
        when:
        LinkMessage bridge = decodeOnly(LINK_ADD_BRIDGE)
        LinkMessage macvlan = decodeOnly(LINK_ADD_MACVLAN)
        LinkMessage vxlan = decodeOnly(LINK_ADD_VXLAN)

        then:
        bridge.ifname() == 'br0'
        bridge.kind() == 'bridge'
        bridge.infoData().get(IFLA_BR_STP_STATE).u32('IFLA_BR_STP_STATE') == 1
        bridge.infoData().get(IFLA_BR_FORWARD_DELAY).u32('IFLA_BR_FORWARD_DELAY') == 400
        bridge.vethPeer() == null

        macvlan.ifname() == 'mv0'
        macvlan.link() == 3
        macvlan.kind() == 'macvlan'
        macvlan.infoData().get(IFLA_MACVLAN_MODE).u32() == MACVLAN_MODE_BRIDGE

        vxlan.ifname() == 'vx0'
        vxlan.kind() == 'vxlan'
        with(vxlan.infoData()) {
            get(IFLA_VXLAN_ID).u32() == 42
            get(IFLA_VXLAN_GROUP).inetAddress() == InetAddress.getByName('10.0.0.2')
            get(IFLA_VXLAN_LOCAL).inetAddress() == InetAddress.getByName('10.0.0.1')
            get(IFLA_VXLAN_LINK).u32() == 3
            get(IFLA_VXLAN_LEARNING).u8() == 1
            get(IFLA_VXLAN_PORT).u16BigEndian() == 4789
        }
    }

    def "#name changes link #index as ip link set does"() {
        when:
        LinkMessage m = decodeOnly(Iproute2Captures."$name")

        then:
        m.header().type() == RTM_NEWLINK
        m.header().flags() == ACKED
        m.ifi() == new IfInfoMsg(AF_UNSPEC, 0, index, flags, change)
        m.mtu() == mtu
        m.master() == master
        m.alias() == alias
        m.address() == address as byte[]

        where:
        name                | index | flags  | change | mtu  | master | alias | address
        'LINK_SET_UP'       | 3     | IFF_UP | IFF_UP | null | null   | null  | null
        'LINK_SET_MTU'      | 3     | 0      | 0      | 1400 | null   | null  | null
        'LINK_SET_ADDRESS'  | 3     | 0      | 0      | null | null   | null  | [2, 0, 0, 0, 0, 1]
        'LINK_SET_MASTER'   | 3     | 0      | 0      | null | 5      | null  | null
        'LINK_SET_NOMASTER' | 3     | 0      | 0      | null | 0      | null  | null
        'LINK_SET_ALIAS'    | 3     | 0      | 0      | null | null   | 'foo' | null
    }

    def "#name is #type for #address/#prefixLen on link 3"() {
        when:
        AddrMessage m = decodeOnly(Iproute2Captures."$name")

        then:
        m.header().type() == type
        m.header().flags() == headerFlags
        m.ifa() == new IfAddrMsg(family, prefixLen, flags, RT_SCOPE_UNIVERSE, 3)
        m.local() == InetAddress.getByName(address)
        m.address() == InetAddress.getByName(address)
        m.flags() == flags

        where:
        name                | type        | headerFlags | family   | address    | prefixLen | flags
        'ADDR_ADD_V4'       | RTM_NEWADDR | CREATE_EXCL | AF_INET  | '10.0.0.1' | 24        | 0
        'ADDR_ADD_V6_NODAD' | RTM_NEWADDR | CREATE_EXCL | AF_INET6 | 'fd00::1'  | 64        | IFA_F_NODAD
        'ADDR_DEL'          | RTM_DELADDR | ACKED       | AF_INET  | '10.0.0.1' | 24        | 0
    }

    def "#name is a #type request for #dst/#dstLen"() {
        when:
        RouteMessage m = decodeOnly(Iproute2Captures."$name")

        then:
        m.header().type() == type
        m.header().flags() == headerFlags
        m.rtm() == new RtMsg(AF_INET, dstLen, 0, 0, RT_TABLE_MAIN, protocol, scope, routeType, 0)
        m.dst() == (dst ? InetAddress.getByName(dst) : null)
        m.gateway() == (gateway ? InetAddress.getByName(gateway) : null)
        m.oif() == oif
        m.table() == RT_TABLE_MAIN

        where:
        name                   | type         | headerFlags    | dst        | dstLen | gateway      | oif  | protocol      | scope             | routeType
        'ROUTE_ADD_DEFAULT'    | RTM_NEWROUTE | CREATE_EXCL    | null       | 0      | '10.0.0.254' | null | RTPROT_BOOT   | RT_SCOPE_UNIVERSE | RTN_UNICAST
        'ROUTE_REPLACE_STATIC' | RTM_NEWROUTE | CREATE_REPLACE | '10.9.0.0' | 16     | '10.0.0.254' | null | RTPROT_STATIC | RT_SCOPE_UNIVERSE | RTN_UNICAST
        'ROUTE_ADD_DEV'        | RTM_NEWROUTE | CREATE_EXCL    | '10.8.0.0' | 16     | null         | 3    | RTPROT_BOOT   | RT_SCOPE_LINK     | RTN_UNICAST
        'ROUTE_DEL'            | RTM_DELROUTE | ACKED          | '10.8.0.0' | 16     | null         | 3    | RTPROT_UNSPEC | RT_SCOPE_NOWHERE  | RTN_UNSPEC
    }

    def "a link dump entry shows a veth that is up but has no carrier because its peer is down"() {
        when:
        LinkMessage m = decodeOnly(LINK_DUMP_VETH1)

        then:
        m.header().type() == RTM_NEWLINK
        m.header().hasFlag(NLM_F_MULTI)
        m.ifi().index() == 3
        m.ifname() == 'veth1'
        m.kind() == 'veth'
        m.vethPeer() == null
        m.link() == 2
        m.linkNetnsId() == null
        m.mtu() == 1400
        m.alias() == 'foo'
        m.address() == [2, 0, 0, 0, 0, 1] as byte[]
        m.isUp()
        !m.hasLowerUp()
        m.carrier() == false
        Rtnl.operstateName(m.operstate()) == 'LOWERLAYERDOWN'
        m.master() == null
        m.slaveKind() == null
    }

    def "a veth whose peer lives in another namespace names that namespace by IFLA_LINK_NETNSID"() {
        when:
        LinkMessage m = decodeOnly(LINK_DUMP_VETH3)

        then:
        m.ifname() == 'veth3'
        m.link() == 2
        m.linkNetnsId() == 0
        !m.isUp()
        m.operstate() == IF_OPER_DOWN
    }

    def "a bridge reports its STP settings and a port its bridge-port state"() {
        when:
        LinkMessage bridge = decodeOnly(LINK_REPLY_BRIDGE)
        LinkMessage port = decodeOnly(LINK_REPLY_PORT)

        then:
        bridge.ifname() == 'br0'
        bridge.ifi().index() == 5
        bridge.kind() == 'bridge'
        bridge.infoData().get(IFLA_BR_STP_STATE).u32() == 1
        bridge.infoData().get(IFLA_BR_FORWARD_DELAY).u32() == 400

        port.ifname() == 'veth1'
        port.master() == 5
        port.kind() == 'veth'
        port.slaveKind() == 'bridge'
        port.slaveData().get(IFLA_BRPORT_STATE).u8() == BR_STATE_DISABLED
    }

    def "an address dump datagram holds one message per address, with the flags in IFA_FLAGS"() {
        when:
        List<AddrMessage> addrs = NlCodec.decode(Hex.buffer(ADDR_DUMP))

        then:
        addrs*.header()*.flags() == [NLM_F_MULTI | NLM_F_DUMP_FILTERED] * 2
        addrs*.ifa()*.index() == [3, 3]
        addrs[0].local() == InetAddress.getByName('10.0.0.1')
        addrs[0].ifa().prefixLen() == 24
        addrs[0].label() == 'veth1'
        addrs[0].flags() == IFA_F_PERMANENT
        addrs[0].attrs().has(IFA_CACHEINFO)
        addrs[1].local() == null
        addrs[1].address() == InetAddress.getByName('fd00::1')
        addrs[1].flags() == (IFA_F_PERMANENT | IFA_F_NODAD)
        !addrs[1].isTentative()
        !addrs[1].isDadFailed()
    }

    def "a route dump datagram holds the main table"() {
        when:
        List<RouteMessage> routes = NlCodec.decode(Hex.buffer(ROUTE_DUMP))

        then:
        routes.collect { "${it.dst()?.hostAddress ?: 'default'}/${it.rtm().dstLen()} via ${it.gateway()?.hostAddress} dev ${it.oif()} proto ${it.rtm().protocol()} scope ${it.rtm().scope()} src ${it.prefsrc()?.hostAddress} table ${it.table()}".toString() } == [
                'default/0 via 10.0.0.254 dev 3 proto 3 scope 0 src null table 254',
                '10.0.0.0/24 via null dev 3 proto 2 scope 253 src 10.0.0.1 table 254',
                '10.8.0.0/16 via null dev 3 proto 3 scope 253 src null table 254',
                '10.9.0.0/16 via 10.0.0.254 dev 3 proto 4 scope 0 src null table 254',
        ]
        routes.every { it.priority() == null }
    }

    def "#name answers request #requestType with errno #errno"() {
        when:
        ErrorMessage m = decodeOnly(Iproute2Captures."$name")

        then:
        m.errno() == errno
        m.error() == -errno
        m.isAck() == (errno == 0)
        m.request().type() == requestType
        m.header().hasFlag(NLM_F_CAPPED) == capped
        m.requestPayload().length == echoedPayload
        m.extAckMessage() == text
        m.extAckOffset() == null

        where:
        name                    | errno | requestType  | capped | echoedPayload | text
        'ACK'                   | 0     | RTM_NEWLINK  | true   | 0             | null
        'ERROR_ADDRESS_EXISTS'  | 17    | RTM_NEWADDR  | false  | 24            | 'ipv4: Address already assigned'
        'ERROR_LINK_EXISTS'     | 17    | RTM_NEWLINK  | false  | 76            | null
        'ERROR_INVALID_GATEWAY' | 101   | RTM_NEWROUTE | false  | 28            | 'Nexthop has invalid gateway'
        'ERROR_NO_SUCH_ROUTE'   | 3     | RTM_DELROUTE | false  | 28            | null
        'ERROR_NO_SUCH_DEVICE'  | 19    | RTM_GETLINK  | false  | 36            | null
    }

    def "an error echoes the request it answers"() {
        when:
        ErrorMessage error = decodeOnly(ERROR_ADDRESS_EXISTS)
        byte[] request = Hex.bytes(ADDR_ADD_V4)

        then:
        error.request() == NlCodec.decodeOne(ByteBuffer.wrap(request), 0, request.length).header()
        error.requestPayload() == request[NlMsgHdr.SIZE..<request.length] as byte[]
    }

    def "NLMSG_DONE ends a dump with error 0"() {
        when:
        DoneMessage done = decodeOnly(LINK_DUMP_DONE)

        then:
        done.header().type() == NLMSG_DONE
        done.header().flags() == NLM_F_MULTI
        done.error() == 0
        !done.isError()
        done.extAck().size() == 0
    }

    def "message types without a record are kept verbatim"() {
        when:
        RawMessage nsid = decodeOnly(NEWNSID_REPLY)

        then:
        nsid.header().type() == RTM_NEWNSID
        Attrs.parse(ByteBuffer.wrap(nsid.payload()), 4, nsid.payload().length - 4).get(NETNSA_NSID).s32() == 0
    }

    def "decodeOne reads only as far as nlmsg_len, as the kernel does with ip's oversized dump requests"() {
        given:
        byte[] sent = Hex.bytes(ADDR_DUMP_REQUEST + '00' * 128)

        when:
        AddrMessage m = NlCodec.decodeOne(ByteBuffer.wrap(sent), 0, sent.length)

        then:
        m.header().len() == 24
        m.ifa().index() == 3
    }

    def "decode starts at the buffer's position, stops at its limit and leaves both alone"() {
        given:
        byte[] ack = Hex.bytes(ACK)
        ByteBuffer buf = Hex.buffer('00' * 8 + ACK + ACK + '00' * 5)
        buf.position(8).limit(8 + 2 * ack.length)

        when:
        def messages = NlCodec.decode(buf)

        then:
        messages.size() == 2
        messages.every { it instanceof ErrorMessage && it.isAck() }
        buf.position() == 8
        buf.limit() == 8 + 2 * ack.length
    }

    def "decoding #input fails with: #message"() {
        when:
        NlCodec.decode(Hex.buffer(input))

        then:
        def e = thrown(NlDecodeException)
        e.message == message

        where:
        input                                                                   || message
        '10000000 10000000'                                                     || 'nlmsghdr: 8 bytes left, shorter than the header (16)'
        '08000000 10000000 00000000 00000000'                                   || 'nlmsghdr.nlmsg_len: 8 is shorter than the header (16)'
        'ffffffff 10000000 00000000 00000000'                                   || 'nlmsghdr.nlmsg_len: 4294967295 runs past the end of the buffer (16 bytes left)'
        '18000000 10000000 00000000 00000000 00000000 00000000'                 || 'RTM_NEWLINK: payload of 8 bytes is shorter than ifinfomsg (16)'
        '14000000 14000000 00000000 00000000 00000000'                          || 'RTM_NEWADDR: payload of 4 bytes is shorter than ifaddrmsg (8)'
        '14000000 1a000000 00000000 00000000 00000000'                          || 'RTM_GETROUTE: payload of 4 bytes is shorter than rtmsg (12)'
        '1c000000 14000000 00000000 00000000 02180000 03000000 02000200'         || 'RTM_NEWADDR attributes: nlattr.nla_len 2 at offset 0 is shorter than the header (4)'
        '24000000 14000000 00000000 00000000 02180000 03000000 04000800 40000100 00000000' || 'RTM_NEWADDR attributes: nlattr.nla_len 64 at offset 4 runs past the end (8 bytes left)'
        '1e000000 14000000 00000000 00000000 02180000 03000000 04000300 0000 0000' || 'RTM_NEWADDR attributes: 2 stray bytes after the last attribute'
        '18000000 02000000 00000000 00000000 00000000 00000000'                 || 'NLMSG_ERROR: payload of 8 bytes is shorter than nlmsgerr (20)'
        '24000000 02000000 00000000 00000000 efffffff 08000000 10000000 00000000 00000000' || 'NLMSG_ERROR: nlmsgerr.msg.nlmsg_len: 8 is shorter than the header (16)'
        '24000000 02000000 00000000 00000000 efffffff 20000000 10000000 00000000 00000000' || 'NLMSG_ERROR: nlmsgerr.msg.nlmsg_len: 32 runs past the end (0 bytes of the request echoed)'
        '2c000000 02000001 00000000 00000000 00000000 20000000 10000000 00000000 00000000 08000100 41424300' || 'NLMSG_ERROR: 8 bytes after the echoed request, but NLM_F_ACK_TLVS is not set'
        '26000000 02000003 00000000 00000000 00000000 20000000 10000000 00000000 00000000 0800 0000' || 'NLMSG_ERROR extended ack: 2 stray bytes after the last attribute'
        '10000000 03000200 00000000 00000000'                                   || 'NLMSG_DONE: payload of 0 bytes is shorter than the error code (4)'
        '18000000 03000200 00000000 00000000 00000000 00000000'                 || 'NLMSG_DONE: 4 bytes after the error code, but NLM_F_ACK_TLVS is not set'
    }

    def "malformed attribute values are reported by the getter, naming the attribute"() {
        given:
        NlWriter w = new NlWriter()
        int start = w.beginMessage(messageType, 0, 0, 0)
        w.putBytes(new byte[fixedSize])
        w.attr(attrType, new byte[valueLength])
        w.endMessage(start)
        NlMessage m = NlCodec.decodeOne(ByteBuffer.wrap(w.toByteArray()), 0, w.size())

        when:
        getter(m)

        then:
        def e = thrown(NlDecodeException)
        e.message == message

        where:
        messageType  | fixedSize        | attrType          | valueLength | getter                         || message
        RTM_NEWADDR  | IfAddrMsg.SIZE   | IFA_LOCAL         | 3           | { AddrMessage msg -> msg.local() } || 'IFA_LOCAL: expected 4 or 16 bytes, got 3'
        RTM_NEWADDR  | IfAddrMsg.SIZE   | IFA_ADDRESS       | 5           | { AddrMessage msg -> msg.address() } || 'IFA_ADDRESS: expected 4 or 16 bytes, got 5'
        RTM_NEWADDR  | IfAddrMsg.SIZE   | IFA_FLAGS         | 1           | { AddrMessage msg -> msg.flags() } || 'IFA_FLAGS: expected 4 bytes, got 1'
        RTM_NEWLINK  | IfInfoMsg.SIZE   | IFLA_MTU          | 3           | { LinkMessage msg -> msg.mtu() }   || 'IFLA_MTU: expected 4 bytes, got 3'
        RTM_NEWLINK  | IfInfoMsg.SIZE   | IFLA_OPERSTATE    | 4           | { LinkMessage msg -> msg.operstate() } || 'IFLA_OPERSTATE: expected 1 byte, got 4'
        RTM_NEWLINK  | IfInfoMsg.SIZE   | IFLA_LINK_NETNSID | 2           | { LinkMessage msg -> msg.linkNetnsId() } || 'IFLA_LINK_NETNSID: expected 4 bytes, got 2'
        RTM_NEWLINK  | IfInfoMsg.SIZE   | IFLA_LINKINFO     | 2           | { LinkMessage msg -> msg.kind() }  || 'IFLA_LINKINFO: 2 stray bytes after the last attribute'
        RTM_NEWROUTE | RtMsg.SIZE       | RTA_GATEWAY       | 6           | { RouteMessage msg -> msg.gateway() } || 'RTA_GATEWAY: expected 4 or 16 bytes, got 6'
        RTM_NEWROUTE | RtMsg.SIZE       | RTA_TABLE         | 1           | { RouteMessage msg -> msg.table() } || 'RTA_TABLE: expected 4 bytes, got 1'
    }

    def "a veth peer shorter than an ifinfomsg is reported as VETH_INFO_PEER"() {
        given:
        NlWriter w = new NlWriter()
        int start = w.beginMessage(RTM_NEWLINK, 0, 0, 0)
        w.put(IfInfoMsg.ofIndex(0))
        int info = w.beginNest(IFLA_LINKINFO)
        w.attrStringNoNul(IFLA_INFO_KIND, 'veth')
        int data = w.beginNest(IFLA_INFO_DATA)
        w.attr(VETH_INFO_PEER, new byte[3])
        w.endNest(data)
        w.endNest(info)
        w.endMessage(start)

        when:
        (NlCodec.decode(ByteBuffer.wrap(w.toByteArray()))[0] as LinkMessage).vethPeer()

        then:
        def e = thrown(NlDecodeException)
        e.message == 'VETH_INFO_PEER: payload of 3 bytes is shorter than ifinfomsg (16)'
    }

    def "unknown attributes, flag bits and duplicates survive a decode/encode round trip"() {
        given:
        NlWriter w = new NlWriter()
        int start = w.beginMessage(RTM_NEWLINK, NLM_F_MULTI, 7, 99)
        w.put(new IfInfoMsg(AF_UNSPEC, 1, 3, IFF_UP, 0))
        w.attr(0x3ff0, [1, 2, 3] as byte[])
        w.attrString(IFLA_IFNAME, 'veth1')
        int nest = w.beginNest(0x3ff1 | NLA_F_NESTED)
        w.attrU16(5, 0xbeef)
        w.attr(0x3ff2 | NLA_F_NET_BYTEORDER, [0, 80] as byte[])
        w.endNest(nest)
        w.attrString(IFLA_ALT_IFNAME, 'first')
        w.attrString(IFLA_ALT_IFNAME, 'second')
        w.attrFlag(0x3ff3)
        w.endMessage(start)
        byte[] original = w.toByteArray()

        when:
        LinkMessage m = NlCodec.decode(ByteBuffer.wrap(original))[0]

        then:
        Hex.of(NlCodec.encode(m)) == Hex.of(original)
        m.attrs().list()*.type() == [0x3ff0, IFLA_IFNAME, 0x3ff1, IFLA_ALT_IFNAME, IFLA_ALT_IFNAME, 0x3ff3]
        m.attrs().get(0x3ff1).rawType() == (0x3ff1 | NLA_F_NESTED)
        m.attrs().get(0x3ff1).nested().get(0x3ff2).rawType() == (0x3ff2 | NLA_F_NET_BYTEORDER)
        m.attrs().get(0x3ff1).nested().get(0x3ff2).u16BigEndian() == 80
        m.attrs().all(IFLA_ALT_IFNAME)*.string() == ['first', 'second']
        m.attrs().get(0x3ff3).length() == 0
        m.ifname() == 'veth1'
    }

    private static byte[] encodeAll(List<NlMessage> messages) {
        NlWriter w = new NlWriter()
        messages.each { it.encodeTo(w) }
        w.toByteArray()
    }

    private static <T extends NlMessage> T decodeOnly(String hex) {
        List<NlMessage> messages = NlCodec.decode(Hex.buffer(hex))
        assert messages.size() == 1
        (T) messages[0]
    }
}
