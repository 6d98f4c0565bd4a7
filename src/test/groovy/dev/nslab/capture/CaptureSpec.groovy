package dev.nslab.capture

import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import dev.nslab.testing.Tcpdump
import dev.nslab.testing.VethPair
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.time.Duration
import java.time.Instant

/**
 * Captures of real traffic between two namespaces the spec makes with ip: iputils' ping, python3
 * for TCP and UDP, the kernels for ARP and neighbour discovery. The witnesses: tcpdump -n -r on
 * the pcap written, the traffic the actors report, and /proc/net/packet in the namespace.
 */
@Timeout(120)
class CaptureSpec extends Specification {
    static final Duration SECONDS_5 = Duration.ofSeconds(5)
    File pcap = File.createTempFile('nslab-capture', '.pcap')
    Capture capture

    VethPair pair = new VethPair('ca', 'cb')

    Procs procs = new Procs()

    def cleanup() {
        procs.killAll()
        capture?.close()
        pcap.delete()
        pair.delete()
    }

    static String inside(String ns, String... command) {
        VethPair.inside(ns, command)
    }

    static String python(String ns, String program) {
        inside(ns, 'python3', '-c', program)
    }

    def "a ping, its ARP and an IPv6 ping with neighbour discovery are captured with direction and time, and tcpdump reads the same lines from the pcap"() {
        given:
        Instant before = Instant.now()
        capture = Capture.on('ca', 'va').pcap(pcap.toPath()).start()

        when: 'iputils ping, v4 then v6, from ca to cb'
        inside('ca', 'ping', '-c', '2', '-i', '0.2', '10.9.0.2')
        inside('ca', 'ping', '-c', '1', 'fd09::2')
        capture.await({ it.summary().contains('ICMP6, echo reply') }, SECONDS_5)
        capture.close()
        Instant after = Instant.now()
        def packets = capture.packets()
        def lines = packets*.summary()

        then: 'the kernel resolved 10.9.0.2 first, and each echo went out and came back'
        packets.find { it.summary() == 'ARP, Request who-has 10.9.0.2 tell 10.9.0.1, length 28' }.direction() == Direction.OUT
        packets.find { it.summary() ==~ /ARP, Reply 10\.9\.0\.2 is-at [0-9a-f:]{17}, length 28/ }.direction() == Direction.IN
        def requests = packets.findAll { it.summary() ==~ /IP 10\.9\.0\.1 > 10\.9\.0\.2: ICMP echo request, id \d+, seq [12], length 64/ }
        def replies = packets.findAll { it.summary() ==~ /IP 10\.9\.0\.2 > 10\.9\.0\.1: ICMP echo reply, id \d+, seq [12], length 64/ }
        requests.size() == 2 && requests*.direction() == [Direction.OUT] * 2
        replies.size() == 2 && replies*.direction() == [Direction.IN] * 2
        requests*.icmpType() == [8, 8]
        lines.contains('IP6 fd09::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fd09::2, length 32')
        lines.contains('IP6 fd09::2 > fd09::1: ICMP6, neighbor advertisement, tgt is fd09::2, length 32')
        lines.any { it ==~ /IP6 fd09::1 > fd09::2: ICMP6, echo request, id \d+, seq 1, length 64/ }

        and: 'kernel time stamps, in order, within the test'
        packets.every { !it.time().isBefore(before) && !it.time().isAfter(after) }
        packets*.epochNanos() == packets*.epochNanos().sort(false)
        packets.any { it.epochNanos() % 1000 != 0 } // nanoseconds, not microseconds

        and: 'tcpdump reads a nanosecond pcap of Ethernet frames, and prints each line as nslab does'
        Tcpdump.header(pcap) == 'reading from file ' + pcap.path + ', link-type EN10MB (Ethernet), snapshot length 262144'
        Files.readAllBytes(pcap.toPath())[0..3] == [0x4d, 0x3c, 0xb2, 0xa1] as byte[]
        Tcpdump.read(pcap) == capture.lines()
    }

    def "a TCP connection, seen at the server's interface, with flags, relative numbers and lengths as tcpdump prints them"() {
        given: 'a python3 echo server in cb'
        capture = Capture.on('cb', 'vb').filter('tcp port 4242').pcap(pcap.toPath()).start()
        def server = procs.inNamespace('cb', '''exec python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.9.0.2', 4242)); s.listen()
c, _ = s.accept(); c.sendall(c.recv(100)); c.close()"''')
        assert Procs.eventually(30_000) { inside('cb', 'ss', '-Htln', 'sport = :4242').contains('4242') }

        when: 'a python3 client in ca, from port 41001, sends one line and reads it back'
        def echoed = python('ca', '''
import socket
s = socket.socket(); s.bind(('10.9.0.1', 41001)); s.connect(('10.9.0.2', 4242)); s.sendall(b'hello\\n')
print(s.recv(100).decode().strip()); s.close()''')
        capture.await({ it.hasTcpFlags('F') && it.direction() == Direction.IN }, SECONDS_5)
        capture.await({ it.hasTcpFlags('F') && it.direction() == Direction.OUT }, SECONDS_5)
        capture.close()
        def packets = capture.packets()

        then:
        echoed.trim() == 'hello'
        packets[0].summary() ==~ /IP 10\.9\.0\.1\.41001 > 10\.9\.0\.2\.4242: Flags \[S\], seq \d+, win \d+, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale \d+\], length 0/
        packets[0].direction() == Direction.IN
        packets[1].summary() ==~ /IP 10\.9\.0\.2\.4242 > 10\.9\.0\.1\.41001: Flags \[S\.\], seq \d+, ack \d+, win \d+, options \[.*\], length 0/
        packets[1].direction() == Direction.OUT
        packets[2].summary() ==~ /IP 10\.9\.0\.1\.41001 > 10\.9\.0\.2\.4242: Flags \[\.\], ack 1, win \d+, options \[nop,nop,TS val \d+ ecr \d+\], length 0/
        packets.any { it.summary() ==~ /IP 10\.9\.0\.1\.41001 > 10\.9\.0\.2\.4242: Flags \[P\.\], seq 1:7, ack 1, win \d+, options \[.*\], length 6/ }
        packets.any { it.summary() ==~ /IP 10\.9\.0\.2\.4242 > 10\.9\.0\.1\.41001: Flags \[P\.\], seq 1:7, ack 7, win \d+, options \[.*\], length 6/ }
        packets.every { it.protocol() == Protocol.TCP && [it.srcPort(), it.dstPort()].sort() == [4242, 41001] }

        and:
        Tcpdump.read(pcap) == capture.lines()
        server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && server.exitValue() == 0
    }

    def "UDP to a closed port, and the ICMP port unreachable that answers it"() {
        given:
        capture = Capture.start('ca', 'va', 'udp or icmp or icmp6')

        when:
        python('ca', '''
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('10.9.0.1', 41002)); s.sendto(b'x' * 10, ('10.9.0.2', 4000))''')
        python('ca', '''
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(('fd09::1', 41003)); s.sendto(b'y' * 3, ('fd09::2', 4001))''')
        def unreachable6 = capture.await({ it.summary().contains('destination unreachable') }, SECONDS_5)
        capture.close()

        then: 'besides the neighbour discovery before the IPv6 datagram'
        capture.lines()*.substring(16).findAll { !(it =~ /neighbor|router|multicast listener/) } == [
            'IP 10.9.0.1.41002 > 10.9.0.2.4000: UDP, length 10',
            'IP 10.9.0.2 > 10.9.0.1: ICMP 10.9.0.2 udp port 4000 unreachable, length 46',
            'IP6 fd09::1.41003 > fd09::2.4001: UDP, length 3',
            'IP6 fd09::2 > fd09::1: ICMP6, destination unreachable, unreachable port, fd09::2 udp port 4001, length 59',
        ]
        capture.packets().find { it.protocol() == Protocol.UDP }.with { [srcPort(), dstPort(), direction(), ipProtocol()] } == [41002, 4000, Direction.OUT, 17]
        unreachable6.direction() == Direction.IN
        unreachable6.icmpType() == 1
    }

    def "a filter keeps only what it names: the echo requests ca sends"() {
        given:
        capture = Capture.start('ca', 'va', 'icmp and src host 10.9.0.1')

        when:
        inside('ca', 'ping', '-c', '3', '-i', '0.2', '10.9.0.2')
        inside('ca', 'ping', '-c', '1', 'fd09::2')
        capture.close()

        then:
        capture.count() == 3
        capture.packets().every { it.summary().contains('ICMP echo request') && it.direction() == Direction.OUT }
    }

    def "await fails with what was captured; waitFor says nothing came"() {
        given:
        capture = Capture.start('ca', 'va', 'icmp')
        inside('ca', 'ping', '-c', '1', '10.9.0.2')
        capture.await('icmp and dst host 10.9.0.1', SECONDS_5)

        when:
        capture.await('tcp', Duration.ofMillis(300))

        then:
        def e = thrown(AssertionError)
        e.message.startsWith("no packet matched 'tcp' within 300 ms on ca/va; 2 captured:\n  ")
        e.message.contains('ICMP echo request')
        capture.waitFor({ it.protocol() == Protocol.TCP }, Duration.ofMillis(100)).empty
    }

    def "the socket lives in the namespace, bound to the interface, until the capture is closed"() {
        given:
        int ifindex = Ip.link('ca', 'va').ifindex as int

        when:
        capture = Capture.start('ca', 'va')

        then: "/proc/net/packet in ca lists one packet socket, on va's index (its Iface column)"
        packetSockets('ca') == [ifindex]
        packetSockets('cb') == []

        when:
        capture.close()

        then:
        packetSockets('ca') == []
    }

    def "while it runs, its socket holds the namespace: nslab delete names it; once closed, the namespace goes"() {
        given:
        capture = Capture.start('cb', 'vb')

        when:
        def (int status, String stdout, String stderr) = Procs.cli(['delete', 'cb'])

        then:
        status == 1
        stderr.contains("PID ${ProcessHandle.current().pid()} (java) has a socket made inside it".toString())

        when: 'closed, the socket lets go: the kernel destroys the unnamed namespace, and its veth end with it'
        capture.close()

        then:
        Procs.eventually(5000) { Ip.links('ca').every { it.ifname != 'va' } }
    }

    static List<Integer> packetSockets(String ns) {
        // sk RefCnt Type Proto Iface R Rmem User Inode
        inside(ns, 'cat', '/proc/net/packet').readLines().drop(1)*.trim().findAll().collect { it.split(/\s+/)[4] as int }
    }

    def "a link set down and up again keeps the capture going; a deleted one ends it"() {
        given:
        capture = Capture.start('ca', 'va', 'icmp')

        when:
        Ip.run(['ip', '-n', 'ca', 'link', 'set', 'va', 'down'])
        Ip.run(['ip', '-n', 'ca', 'link', 'set', 'va', 'up'])
        assert Procs.eventually(5000) { Ip.link('ca', 'va').operstate == 'UP' }
        inside('ca', 'ping', '-c', '1', '-W', '2', '10.9.0.2')

        then:
        capture.await('icmp and src host 10.9.0.2', SECONDS_5)
        capture.ended() == null

        when:
        Ip.run(['ip', '-n', 'ca', 'link', 'del', 'va'])

        then:
        capture.awaitEnd(SECONDS_5)
        capture.ended() == 'interface va is gone from ca'
        capture.failure() == null
    }

    def "no such namespace, no such interface: errors that say what there is"() {
        when:
        Capture.start(ns, ifname)

        then:
        def e = thrown(UnknownTargetException)
        e.message == message

        where:
        ns      | ifname || message
        'nope'  | 'va'   || "no namespace 'nope' (there are: ca, cb)"
        'ca'    | 'eth9' || "no interface 'eth9' in namespace 'ca' (it has: lo, va)"
    }
}
