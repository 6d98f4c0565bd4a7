package dev.nslab.capture

import dev.nslab.testing.Tcpdump
import spock.lang.Specification

import static dev.nslab.capture.Frames.*

/**
 * The decoder against tcpdump: each frame of a corpus built byte by byte decodes to the line
 * written here, and tcpdump -n -r (the witness) prints the same line for the same frame, whole
 * and cut short at every length. No privileges: frames are made here, not captured.
 */
class PacketDecoderSpec extends Specification {
    static final long T0 = 1_700_000_000_123_456_789L
    static final String ZERO_MAC = '00:00:00:00:00:00'
    static final byte[] ECHO_DATA = zeros(56)
    static final byte[] SYN_OPTIONS = hex('020405b4 0402 080a 0000004d 00000000 01 03 030a')

    /** [what, frame, the line after the time stamp]: every kind of packet the decoder words as tcpdump does. */
    static final List<List> CORPUS = [
        ['ARP request', eth(0x0806, arp(1, MAC_A, '10.0.0.1', ZERO_MAC, '10.0.0.2'), MAC_A, 'ff:ff:ff:ff:ff:ff'),
         'ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28'],
        ['ARP request naming the target MAC', eth(0x0806, arp(1, MAC_A, '10.0.0.1', MAC_B, '10.0.0.2')),
         'ARP, Request who-has 10.0.0.2 (02:00:00:00:00:02) tell 10.0.0.1, length 28'],
        ['ARP reply', eth(0x0806, arp(2, MAC_B, '10.0.0.2', MAC_A, '10.0.0.1')),
         'ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28'],
        ['ARP padded to 60 bytes', eth(0x0806, cat(arp(2, MAC_B, '10.0.0.2', MAC_A, '10.0.0.1'), zeros(18))),
         'ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 46'],
        ['ARP of another protocol', eth(0x0806, cat(u16(1), u16(0x86dd), [6, 16] as byte[], u16(1), zeros(44))),
         'ARP, Ethernet (len 6), IPv6 (len 16), length 52'],
        ['ICMP echo request', eth(0x0800, ip4(1, icmp(8, 0, cat(u16(4711), u16(1), ECHO_DATA)))),
         'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4711, seq 1, length 64'],
        ['ICMP echo reply', eth(0x0800, ip4(1, icmp(0, 0, cat(u16(4711), u16(1), ECHO_DATA)), [src: '10.0.0.2', dst: '10.0.0.1'])),
         'IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 4711, seq 1, length 64'],
        ['ICMP echo in an 802.1Q frame', vlan(100, 0x0800, ip4(1, icmp(8, 0, cat(u16(1), u16(2), ECHO_DATA)))),
         'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 64'],
        ['ICMP port unreachable', eth(0x0800, ip4(1, icmp(3, 3, cat(zeros(4), ip4(17, udp(40000, 4000, zeros(10))))), [src: '10.0.0.2', dst: '10.0.0.1'])),
         'IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 4000 unreachable, length 46'],
        ['ICMP host unreachable', eth(0x0800, ip4(1, icmp(3, 1, cat(zeros(4), ip4(6, tcp(flags: 'S')))), [src: '10.0.0.254'])),
         'IP 10.0.0.254 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 48'],
        ['ICMP needs fragmentation', eth(0x0800, ip4(1, icmp(3, 4, cat(u16(0), u16(1400), ip4(6, tcp(flags: 'P.')))))),
         'IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.2 unreachable - need to frag (mtu 1400), length 48'],
        ['ICMP time exceeded', eth(0x0800, ip4(1, icmp(11, 0, cat(zeros(4), ip4(17, udp(40000, 33434, zeros(8))))))),
         'IP 10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 44'],
        ['ICMP redirect', eth(0x0800, ip4(1, icmp(5, 1, cat(ip('10.0.0.9'), ip4(1, zeros(8)))))),
         'IP 10.0.0.1 > 10.0.0.2: ICMP redirect 10.0.0.2 to host 10.0.0.9, length 36'],
        ['ICMP of another type', eth(0x0800, ip4(1, icmp(42, 0, zeros(4)))),
         'IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8'],
        ['TCP SYN with options', eth(0x0800, ip4(6, tcp(sport: 40000, dport: 4242, seq: 123, flags: 'S', options: SYN_OPTIONS))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [S], seq 123, win 64240, options [mss 1460,sackOK,TS val 77 ecr 0,nop,wscale 10], length 0'],
        ['TCP RST without ACK', eth(0x0800, ip4(6, tcp(sport: 4242, dport: 40000, seq: 9, flags: 'R'))),
         'IP 10.0.0.1.4242 > 10.0.0.2.40000: Flags [R], seq 9, win 64240, length 0'],
        ['TCP with urgent data and ECN', eth(0x0800, ip4(6, tcp(seq: 5, flags: 'SUEW', urg: 3))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [SUEW], seq 5, win 64240, urg 3, length 0'],
        ['TCP without flags', eth(0x0800, ip4(6, tcp(seq: 5))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [none], win 64240, length 0'],
        ['TCP with an unknown option', eth(0x0800, ip4(6, tcp(flags: 'S', options: hex('630307 00')))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [S], seq 0, win 64240, options [unknown-99 0x07,eol], length 0'],
        ['TCP with an option too long', eth(0x0800, ip4(6, tcp(flags: 'S', options: hex('630307 0209 000000')))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [S], seq 0, win 64240, options [unknown-99 0x07,[bad opt]]'],
        ['TCP with a header too short', eth(0x0800, ip4(6, tcp(flags: 'S', offset: 4))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4242:  tcp 4 [bad hdr length 16 - too short, < 20]'],
        ['TCP over IPv6', eth(0x86dd, ip6(6, tcp(sport: 40000, dport: 9, seq: 7, flags: 'S'))),
         'IP6 fd00::1.40000 > fd00::2.9: Flags [S], seq 7, win 64240, length 0'],
        ['UDP', eth(0x0800, ip4(17, udp(40000, 4000, zeros(10)))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4000: UDP, length 10'],
        ['UDP with a bad length', eth(0x0800, ip4(17, udp(40000, 4000, zeros(10), 40))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4000: UDP, bad length 32 > 10'],
        ['UDP with a length below its header', eth(0x0800, ip4(17, udp(40000, 4000, zeros(4), 6))),
         'IP 10.0.0.1.40000 > 10.0.0.2.4000: truncated-udplength 6'],
        ['UDP over IPv6', eth(0x86dd, ip6(17, udp(40000, 4000, zeros(10)))),
         'IP6 fd00::1.40000 > fd00::2.4000: UDP, length 10'],
        ['UDP after a hop-by-hop header', eth(0x86dd, ip6(0, cat(options6(17, new byte[0]), udp(40000, 4000, zeros(5))))),
         'IP6 fd00::1 > fd00::2: HBH 40000 > 4000: UDP, length 5'],
        ['UDP after a destination options header', eth(0x86dd, ip6(60, cat(options6(17, new byte[0]), udp(40000, 4000, zeros(5))))),
         'IP6 fd00::1 > fd00::2: DSTOPT 40000 > 4000: UDP, length 5'],
        ['UDP in a first IPv6 fragment', eth(0x86dd, ip6(44, cat(fragment6(17, 0, true), udp(40000, 4000, zeros(5))))),
         'IP6 fd00::1 > fd00::2: frag (0|13) 40000 > 4000: UDP, length 5'],
        ['a later IPv6 fragment', eth(0x86dd, ip6(44, cat(fragment6(17, 2, false), zeros(13)))),
         'IP6 fd00::1 > fd00::2: frag (16|13)'],
        ['UDP in a first IPv4 fragment', eth(0x0800, ip4(17, udp(40000, 4000, zeros(20), 1008), [fragment: 0x2000])),
         'IP 10.0.0.1.40000 > 10.0.0.2.4000: UDP, length 1000'],
        ['a later IPv4 fragment', eth(0x0800, ip4(17, zeros(8), [fragment: 0x0002])),
         'IP 10.0.0.1 > 10.0.0.2: ip-proto-17'],
        ['an IPv6 routing header', eth(0x86dd, ip6(43, cat([17, 2, 0, 1] as byte[], zeros(4), ip('fd00::9'), udp(40000, 4000, zeros(5))))),
         'IP6 fd00::1 > fd00::2: RT6 (len=2, type=0 [Deprecated], segleft=1, [0]fd00::9) 40000 > 4000: UDP, length 5'],
        ['IPv4 of another protocol', eth(0x0800, ip4(253, zeros(4))),
         'IP 10.0.0.1 > 10.0.0.2:  ip-proto-253 4'],
        ['IPv6 with no next header', eth(0x86dd, ip6(59, new byte[0])),
         'IP6 fd00::1 > fd00::2: no next header'],
        ['IPv4 in IPv4', eth(0x0800, ip4(4, ip4(1, icmp(8, 0, cat(u16(1), u16(1), zeros(8))), [src: '192.168.0.1', dst: '192.168.0.2']))),
         'IP 10.0.0.1 > 10.0.0.2: IP 192.168.0.1 > 192.168.0.2: ICMP echo request, id 1, seq 1, length 16'],
        ['IPv4 shorter than its length field', eth(0x0800, ip4(17, udp(40000, 4000, zeros(10)), [totalLength: 60])),
         'IP truncated-ip - 22 bytes missing! 10.0.0.1.40000 > 10.0.0.2.4000: UDP, length 10'],
        ['IPv4 with a header length below 20', eth(0x0800, ip4(17, udp(40000, 4000, zeros(10)), [ihl: 4])),
         'IP bad-hlen 16'],
        ['IPv4 with a total length below its header', eth(0x0800, ip4(17, udp(40000, 4000, zeros(10)), [totalLength: 12])),
         'IP bad-len 12'],
        ['IP version 7 in an IPv4 frame', eth(0x0800, hex('7500')),
         'IP7 (invalid)'],
        ['ICMPv6 echo request', eth(0x86dd, ip6(58, icmp(128, 0, cat(u16(7), u16(1), ECHO_DATA)))),
         'IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64'],
        ['ICMPv6 neighbour solicitation', eth(0x86dd, ip6(58, icmp(135, 0, cat(zeros(4), ip('fd00::2'), hex('0101 020000000001'))), [dst: 'ff02::1:ff00:2'])),
         'IP6 fd00::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fd00::2, length 32'],
        ['ICMPv6 neighbour advertisement', eth(0x86dd, ip6(58, icmp(136, 0, cat(hex('60000000'), ip('fd00::2'), hex('0201 020000000002'))), [src: 'fd00::2', dst: 'fd00::1'])),
         'IP6 fd00::2 > fd00::1: ICMP6, neighbor advertisement, tgt is fd00::2, length 32'],
        ['ICMPv6 router solicitation', eth(0x86dd, ip6(58, icmp(133, 0, zeros(4)), [src: 'fe80::1', dst: 'ff02::2'])),
         'IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 8'],
        ['ICMPv6 router advertisement', eth(0x86dd, ip6(58, icmp(134, 0, hex('40000708 00000000 00000000')), [src: 'fe80::1', dst: 'ff02::1'])),
         'IP6 fe80::1 > ff02::1: ICMP6, router advertisement, length 16'],
        ['ICMPv6 redirect', eth(0x86dd, ip6(58, icmp(137, 0, cat(zeros(4), ip('fe80::9'), ip('fd00::99'))))),
         'IP6 fd00::1 > fd00::2: ICMP6, redirect, fd00::99 to fe80::9, length 40'],
        ['MLDv2 report after a hop-by-hop router alert', eth(0x86dd, ip6(0, cat(options6(58, hex('05020000')), icmp(143, 0, cat(u16(0), u16(1), hex('04000000'), ip('ff02::1:ff00:2')))), [src: 'fe80::1', dst: 'ff02::16'])),
         'IP6 fe80::1 > ff02::16: HBH ICMP6, multicast listener report v2, 1 group record(s), length 28'],
        ['MLDv1 report', eth(0x86dd, ip6(58, icmp(131, 0, cat(zeros(4), ip('ff02::1:ff00:2'))))),
         'IP6 fd00::1 > fd00::2: ICMP6, multicast listener reportmax resp delay: 0 addr: ff02::1:ff00:2, length 24'],
        ['MLDv2 query', eth(0x86dd, ip6(58, icmp(130, 0, cat(u16(1000), u16(0), ip('::'), hex('0200 0001'), ip('fd00::7'))))),
         'IP6 fd00::1 > fd00::2: ICMP6, multicast listener query v2 [gaddr ::, 1 source(s)], length 44'],
        ['ICMPv6 port unreachable', eth(0x86dd, ip6(58, icmp(1, 4, cat(zeros(4), ip6(17, udp(40000, 4000, zeros(10))))), [src: 'fd00::2', dst: 'fd00::1'])),
         'IP6 fd00::2 > fd00::1: ICMP6, destination unreachable, unreachable port, fd00::2 udp port 4000, length 66'],
        ['ICMPv6 address unreachable', eth(0x86dd, ip6(58, icmp(1, 3, cat(zeros(4), ip6(58, zeros(8), [dst: 'fd00::99']))))),
         'IP6 fd00::1 > fd00::2: ICMP6, destination unreachable, unreachable address fd00::99, length 56'],
        ['ICMPv6 packet too big', eth(0x86dd, ip6(58, icmp(2, 0, cat(u32(1280), ip6(17, zeros(8)))))),
         'IP6 fd00::1 > fd00::2: ICMP6, packet too big, mtu 1280, length 56'],
        ['ICMPv6 time exceeded', eth(0x86dd, ip6(58, icmp(3, 0, cat(zeros(4), ip6(17, zeros(8), [dst: 'fd00::5']))))),
         'IP6 fd00::1 > fd00::2: ICMP6, time exceeded in-transit for fd00::5, length 56'],
        ['ICMPv6 parameter problem', eth(0x86dd, ip6(58, icmp(4, 1, cat(u32(40), ip6(17, zeros(8)))))),
         'IP6 fd00::1 > fd00::2: ICMP6, parameter problem, next header - octet 40, length 56'],
        ['an IPv4-compatible IPv6 address', eth(0x86dd, ip6(59, new byte[0], [src: '::10.1.2.3', dst: '::ffff:10.1.2.4'])),
         'IP6 ::10.1.2.3 > ::ffff:10.1.2.4: no next header'],
        ['an unknown ethertype', eth(0x88b5, zeros(4)),
         '02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype Unknown (0x88b5), length 18'],
        ['a frame shorter than an Ethernet header', hex('0200000000020200'),
         ' [|ether]'],
    ]

    static String decode(byte[] frame) {
        new PacketDecoder(LinkType.ETHERNET).decode(frame, frame.length, T0, Direction.IN).summary()
    }

    def "#what decodes to tcpdump's line"() {
        expect:
        decode(frame) == line

        where:
        [what, frame, line] << CORPUS
    }

    def "tcpdump -n -r prints the same lines for the corpus, each frame whole and cut short at every length"() {
        given: 'every frame, then every frame cut after 1, 2, ... bytes (its length on the wire kept)'
        def file = File.createTempFile('nslab-corpus', '.pcap')
        def decoder = new PacketDecoder(LinkType.ETHERNET)
        List<String> ours = []
        def pcap = PcapWriter.create(file.toPath(), LinkType.ETHERNET)
        long t = T0
        CORPUS.each { what, byte[] frame, line ->
            ([frame.length] + (1..<frame.length).toList()).each { cut ->
                byte[] captured = Arrays.copyOf(frame, cut)
                pcap.write(t, captured, frame.length)
                ours << decoder.decode(captured, frame.length, t, Direction.IN).line().replaceAll(/\s+$/, '')
                t += 1_000_001
            }
        }
        pcap.close()

        when: 'tcpdump ends an unknown ethertype\'s line with a colon, before its hex dump: without it'
        List<String> theirs = Tcpdump.read(file).collect { it.replaceAll(/(ethertype .*, length \d+):$/, '$1') }
        int compared = theirs.size()
        List<String> differences = (0..<Math.max(theirs.size(), ours.size())).findAll { theirs[it] != ours[it] }
                .collect { "tcpdump: ${theirs[it]}\n  nslab: ${ours[it]}".toString() }

        then: 'the same lines'
        compared == ours.size()
        differences == []

        cleanup:
        file?.delete()
    }

    def "a TCP conversation's numbers are printed relative to its first, as tcpdump does"() {
        given:
        def a = [src: '10.0.0.1', dst: '10.0.0.2']
        def b = [src: '10.0.0.2', dst: '10.0.0.1']
        def decoder = new PacketDecoder(LinkType.ETHERNET)
        def segments = [
            ip4(6, tcp(sport: 40000, dport: 4242, seq: 1000, flags: 'S'), a),
            ip4(6, tcp(sport: 4242, dport: 40000, seq: 5000, ack: 1001, flags: 'S.'), b),
            ip4(6, tcp(sport: 40000, dport: 4242, seq: 1001, ack: 5001, flags: '.'), a),
            ip4(6, tcp(sport: 40000, dport: 4242, seq: 1001, ack: 5001, flags: 'P.', data: 'hello\n'.bytes), a),
            ip4(6, tcp(sport: 4242, dport: 40000, seq: 5001, ack: 1007, flags: '.', options: hex('0101050a000003ed000003ef')), b),
            ip4(6, tcp(sport: 4242, dport: 40000, seq: 5001, ack: 1007, flags: 'F.'), b),
        ]

        def file = File.createTempFile('nslab-tcp', '.pcap')
        def pcap = PcapWriter.create(file.toPath(), LinkType.ETHERNET)
        def packets = segments.collect { byte[] frame = eth(0x0800, it); pcap.write(T0, frame, frame.length); decoder.decode(frame, frame.length, T0, Direction.IN) }
        pcap.close()

        expect: 'tcpdump -n -r prints the same'
        Tcpdump.read(file) == packets*.line()

        and:
        packets*.summary() == [
            'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [S], seq 1000, win 64240, length 0',
            'IP 10.0.0.2.4242 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 64240, length 0',
            'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [.], ack 1, win 64240, length 0',
            'IP 10.0.0.1.40000 > 10.0.0.2.4242: Flags [P.], seq 1:7, ack 1, win 64240, length 6',
            'IP 10.0.0.2.4242 > 10.0.0.1.40000: Flags [.], ack 7, win 64240, options [nop,nop,sack 1 {5:7}], length 0',
            'IP 10.0.0.2.4242 > 10.0.0.1.40000: Flags [F.], seq 1, ack 7, win 64240, length 0',
        ]

        cleanup:
        file?.delete()
    }

    def "the fields of a packet say what the line says"() {
        when:
        def p = new PacketDecoder(LinkType.ETHERNET).decode(frame, frame.length, T0, Direction.OUT)

        then:
        p.protocol() == protocol
        p.src()?.hostAddress == src
        p.dst()?.hostAddress == dst
        p.srcPort() == sport
        p.dstPort() == dport
        p.tcpFlags() == flags
        p.icmpType() == icmpType
        p.direction() == Direction.OUT
        p.length() == frame.length
        p.time() == java.time.Instant.ofEpochSecond(1_700_000_000L, 123_456_789)

        where:
        frame                                                                         || protocol       | src        | dst        | sport | dport | flags | icmpType
        eth(0x0800, ip4(6, tcp(sport: 40000, dport: 4242, flags: 'S.')))             || Protocol.TCP   | '10.0.0.1' | '10.0.0.2' | 40000 | 4242  | 'S.'  | -1
        eth(0x86dd, ip6(17, udp(53, 4000, zeros(2))))                                 || Protocol.UDP   | 'fd00:0:0:0:0:0:0:1' | 'fd00:0:0:0:0:0:0:2' | 53 | 4000 | '' | -1
        eth(0x0800, ip4(1, icmp(8, 0, zeros(4))))                                     || Protocol.ICMP  | '10.0.0.1' | '10.0.0.2' | -1    | -1    | ''    | 8
        eth(0x86dd, ip6(0, cat(options6(58, new byte[0]), icmp(135, 0, zeros(20))))) || Protocol.ICMP6 | 'fd00:0:0:0:0:0:0:1' | 'fd00:0:0:0:0:0:0:2' | -1 | -1 | '' | 135
        eth(0x0806, arp(1, MAC_A, '10.0.0.1', ZERO_MAC, '10.0.0.2'))                 || Protocol.ARP   | '10.0.0.1' | '10.0.0.2' | -1    | -1    | ''    | -1
        eth(0x0800, ip4(47, zeros(4)))                                                || Protocol.IP    | '10.0.0.1' | '10.0.0.2' | -1    | -1    | ''    | -1
        eth(0x88cc, zeros(30))                                                        || Protocol.OTHER | null       | null       | -1    | -1    | ''    | -1
    }

    def "a tun device's frames are bare IP"() {
        given:
        byte[] packet = ip4(1, icmp(8, 0, cat(u16(1), u16(1), ECHO_DATA)))

        expect:
        new PacketDecoder(LinkType.RAW).decode(packet, packet.length, T0, Direction.IN).summary() ==
                'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64'
    }
}
