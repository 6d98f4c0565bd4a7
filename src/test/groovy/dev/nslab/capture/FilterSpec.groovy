package dev.nslab.capture

import dev.nslab.testing.Tcpdump
import spock.lang.Shared
import spock.lang.Specification

import static dev.nslab.capture.Frames.*

/**
 * Filter words against libpcap's own compiler: for each expression, the packets nslab keeps are
 * those tcpdump -n -r FILE EXPRESSION prints (the witness), and a bad filter names its word.
 */
class FilterSpec extends Specification {
    static final long T0 = 1_700_000_000_000_000_000L
    /** One packet of each kind, between three IPv4 and two IPv6 hosts. */
    static final List<byte[]> FRAMES = [
        eth(0x0800, ip4(1, icmp(8, 0, cat(u16(1), u16(1), zeros(56))))),
        eth(0x0800, ip4(1, icmp(0, 0, cat(u16(1), u16(1), zeros(56))), [src: '10.0.0.2', dst: '10.0.0.1'])),
        eth(0x0800, ip4(6, tcp(sport: 40000, dport: 4242, flags: 'S'))),
        eth(0x0800, ip4(6, tcp(sport: 4242, dport: 40000, flags: 'S.', ack: 1), [src: '10.0.0.2', dst: '10.0.0.1'])),
        eth(0x0800, ip4(17, udp(40001, 53, zeros(12)), [src: '10.0.0.3', dst: '10.0.0.2'])),
        eth(0x0800, ip4(17, udp(53, 40001, zeros(12)), [src: '10.0.0.2', dst: '10.0.0.3'])),
        eth(0x0806, arp(1, MAC_A, '10.0.0.1', '00:00:00:00:00:00', '10.0.0.3'), MAC_A, 'ff:ff:ff:ff:ff:ff'),
        eth(0x0806, arp(2, MAC_B, '10.0.0.3', MAC_A, '10.0.0.1')),
        eth(0x86dd, ip6(58, icmp(128, 0, cat(u16(7), u16(1), zeros(56))))),
        eth(0x86dd, ip6(58, icmp(135, 0, cat(zeros(4), ip('fd00::2'))), [dst: 'ff02::1:ff00:2'])),
        eth(0x86dd, ip6(6, tcp(sport: 40002, dport: 80, flags: 'S'), [src: 'fd00::2', dst: 'fd00::1'])),
        eth(0x86dd, ip6(17, udp(5000, 4242, zeros(3)))),
        eth(0x88cc, zeros(40)),
    ]

    @Shared File file
    @Shared List<Packet> packets

    def setupSpec() {
        file = File.createTempFile('nslab-filter', '.pcap')
        def decoder = new PacketDecoder(LinkType.ETHERNET)
        def pcap = PcapWriter.create(file.toPath(), LinkType.ETHERNET)
        packets = FRAMES.withIndex().collect { byte[] frame, int i ->
            pcap.write(T0 + i * 1000L, frame, frame.length)
            decoder.decode(frame, frame.length, T0 + i * 1000L, Direction.IN)
        }
        pcap.close()
    }

    def cleanupSpec() {
        file?.delete()
    }

    def "'#words' keeps the packets that tcpdump's own filter keeps"() {
        when: 'the packets are told apart by their time stamps (their lines are another spec\'s concern)'
        def filter = Filter.parse(words)
        List<String> ours = packets.findAll { filter.test(it) }*.line()*.substring(0, 15)
        List<String> theirs = Tcpdump.read(file, words)*.substring(0, 15)

        then:
        ours == theirs
        ours.size() == kept

        where:
        words                                          | kept
        'icmp'                                         | 2
        'tcp'                                          | 3
        'udp'                                          | 3
        'arp'                                          | 2
        'ip'                                           | 6
        'ip6'                                          | 4
        'icmp6'                                        | 2
        'host 10.0.0.3'                                | 4
        'src host 10.0.0.1'                            | 3
        'dst host 10.0.0.1'                            | 3
        'src 10.0.0.2'                                 | 3
        'dst fd00::1'                                  | 1
        'host fd00::2'                                 | 3
        'port 53'                                      | 2
        'src port 4242'                                | 1
        'dst port 4242'                                | 2
        'tcp port 4242'                                | 2
        'udp port 4242'                                | 1
        'tcp dst port 4242'                            | 1
        'not arp'                                      | 11
        '! ip and ! ip6'                               | 3
        'icmp or arp'                                  | 4
        'tcp and host 10.0.0.2'                        | 2
        'host 10.0.0.1 or 10.0.0.3'                    | 8
        'port 53 or 80'                                | 3
        'tcp or udp and host 10.0.0.2'                 | 4
        'tcp or (udp and host 10.0.0.2)'               | 5
        'not tcp and not udp and not icmp6'            | 5
        'not (icmp or arp) and ip'                     | 4
        'ip6 && (tcp || udp)'                          | 2
        'host 10.0.0.2 and not port 53 and not icmp'   | 2
    }

    def "tcp, udp and icmp6 look past IPv6 extension headers, where pcap's look past a fragment header only"() {
        given: 'an MLDv2 report behind a hop-by-hop header, as every IPv6 interface sends them'
        byte[] mld = eth(0x86dd, ip6(0, cat(options6(58, hex('05020000')), icmp(143, 0, cat(u16(0), u16(0)))), [src: 'fe80::1', dst: 'ff02::16']))
        def file = File.createTempFile('nslab-mld', '.pcap')
        def pcap = PcapWriter.create(file.toPath(), LinkType.ETHERNET)
        pcap.write(T0, mld, mld.length)
        pcap.close()
        def packet = new PacketDecoder(LinkType.ETHERNET).decode(mld, mld.length, T0, Direction.IN)

        expect:
        Filter.parse('icmp6').test(packet)
        Tcpdump.read(file, 'icmp6') == []
        Tcpdump.read(file, 'ip6').size() == 1

        cleanup:
        file?.delete()
    }

    def "a blank filter keeps everything"() {
        expect:
        packets.findAll { Filter.parse("  ").test(it) }.size() == FRAMES.size()
        Filter.parse('') == Filter.ALL
    }

    def "'#words' is refused, naming the word: #message"() {
        when:
        Filter.parse(words)

        then:
        def e = thrown(Filter.FilterException)
        e.message == message
        e instanceof IllegalArgumentException

        where:
        words                      | message
        'hots 10.0.0.1'            | "filter 'hots 10.0.0.1': unknown word 'hots' (word 1)"
        'tcp and'                  | "filter 'tcp and': expected a filter word at the end (word 2)"
        'host'                     | "filter 'host': expected an address after 'host' at the end (word 1)"
        'host example.com'         | "filter 'host example.com': 'example.com' after 'host' is not an IPv4 or IPv6 address (names are not looked up) (word 2)"
        'port http'                | "filter 'port http': 'http' after 'port' is not a port number (0-65535) (word 2)"
        'port 70000'               | "filter 'port 70000': '70000' after 'port' is not a port number (0-65535) (word 2)"
        '(tcp or udp'              | "filter '(tcp or udp': '(' is not closed (word 4)"
        'tcp udp'                  | "filter 'tcp udp': unexpected 'udp' (word 1)"
        'tcp host 10.0.0.1'        | "filter 'tcp host 10.0.0.1': unexpected 'host' (word 1)"
        'icmp or 10.0.0.1'         | "filter 'icmp or 10.0.0.1': unknown word '10.0.0.1' (word 3)"
    }
}
