package dev.nslab.cli

import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import dev.nslab.testing.Tcpdump
import dev.nslab.testing.VethPair
import spock.lang.Specification
import spock.lang.Timeout

import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/**
 * nslab capture as a user runs it, in a JVM of its own (Ctrl-C is a real SIGINT): how it ends,
 * the count line, its exit codes; the witnesses are iputils ping and tcpdump -n -r on the pcap.
 */
@Timeout(120)
class CaptureCommandSpec extends Specification {
    VethPair pair = new VethPair('na', 'nb')
    File pcap = File.createTempFile('nslab-cli', '.pcap')
    Process process
    List<String> out = new CopyOnWriteArrayList<>()
    StringBuffer err = new StringBuffer()

    def cleanup() {
        process?.destroyForcibly()?.waitFor()
        pcap.delete()
        pair.delete()
    }

    /** Starts nslab capture ARGS and waits until it says it is listening. */
    private void start(String... args) {
        def java = ProcessHandle.current().info().command().orElse('java')
        process = new ProcessBuilder([java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'capture'] + (args as List)).start()
        Thread.start { process.inputStream.eachLine { out << it } }
        Thread.start { process.errorStream.eachLine { err << (it + '\n') } } // one append: a reader never sees a line without its newline
        assert Procs.eventually(30_000) { err.toString().startsWith('listening on ') || !process.alive }
        assert err.toString().startsWith("listening on ${args[0]}/${args[1]}, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n")
    }

    private int exitStatus() {
        assert process.waitFor(20, TimeUnit.SECONDS)
        Procs.eventually(2000) { err.toString().contains('captured\n') }
        process.exitValue()
    }

    private static void ping(String... args) {
        VethPair.inside('na', ['ping'] + (args as List) as String[])
    }

    def "#signal ends it cleanly with the count; its lines are what tcpdump -n -r prints from the pcap it wrote"() {
        given:
        start('na', 'va', '-w', pcap.path, '--print')

        when:
        ping('-c', '2', '-i', '0.2', '10.9.0.2')
        assert Procs.eventually(5000) { out.count { it.contains('ICMP echo reply') } == 2 }
        Ip.run(['kill', "-$signal".toString(), "${process.pid()}".toString()])

        then:
        exitStatus() == 0
        err.toString().readLines().last() == "${out.size()} packets captured".toString()
        out == Tcpdump.read(pcap)
        out.count { it.contains('ICMP echo request') } == 2

        where: 'Ctrl-C, and kill'
        signal << ['INT', 'TERM']
    }

    def "-c ends it after that many packets the filter keeps"() {
        given:
        start('na', 'va', '-c', '3', '--filter', 'icmp', 'and', 'dst', 'host', '10.9.0.2')

        when:
        ping('-c', '5', '-i', '0.2', '10.9.0.2')

        then:
        exitStatus() == 0
        out.size() == 3
        out.every { it ==~ /\d\d:\d\d:\d\d\.\d{6} IP 10\.9\.0\.1 > 10\.9\.0\.2: ICMP echo request, id \d+, seq [123], length 64/ }
        err.toString().readLines().last() == '3 packets captured'
    }

    def "--timeout ends it after that many seconds, even when nothing came"() {
        given:
        long started = System.nanoTime()
        start('na', 'va', '--timeout', '1.5', '--filter', 'tcp')

        expect:
        exitStatus() == 0
        (System.nanoTime() - started) / 1e9 >= 1.5
        out == []
        err.toString().readLines().last() == '0 packets captured'
    }

    def "-w - writes the pcap to stdout, for a pipe into tcpdump or Wireshark"() {
        given:
        def java = ProcessHandle.current().info().command().orElse('java')
        process = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main',
                'capture', 'na', 'va', '-c', '2', '-w', '-', '--filter', 'icmp')
                .redirectOutput(pcap).start()
        Thread.start { process.errorStream.eachLine { err << (it + '\n') } } // one append: a reader never sees a line without its newline
        assert Procs.eventually(30_000) { err.toString().startsWith('listening on ') }

        when:
        ping('-c', '1', '10.9.0.2')

        then:
        exitStatus() == 0
        Tcpdump.read(pcap)*.substring(16)*.replaceAll(/id \d+/, 'id N') == [
            'IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id N, seq 1, length 64',
            'IP 10.9.0.2 > 10.9.0.1: ICMP echo reply, id N, seq 1, length 64']
        err.toString().readLines().last() == '2 packets captured'
    }

    def "--direction begins each line with In or Out"() {
        given:
        start('na', 'va', '-c', '2', '--direction', '--filter', 'icmp')

        when:
        ping('-c', '1', '10.9.0.2')

        then:
        exitStatus() == 0
        out*.substring(16)*.replaceAll(/id \d+/, 'id N') == [
            'Out IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id N, seq 1, length 64',
            'In IP 10.9.0.2 > 10.9.0.1: ICMP echo reply, id N, seq 1, length 64']
    }

    def "a usage error exits 2 and says what is wrong: #why"() {
        when:
        def (int status, String stdout, String stderr) = Procs.cli(['capture'] + args)

        then:
        status == 2
        stdout == ''
        stderr.trim() == message

        where:
        why                 | args                                            | message
        'a bad filter word' | ['na', 'va', '--filter', 'hots', '10.9.0.1']    | "nslab: filter 'hots 10.9.0.1': unknown word 'hots' (word 1)"
        'a missing address' | ['na', 'va', '--filter', 'src', 'host']         | "nslab: filter 'src host': expected an address after 'host' at the end (word 2)"
        'no such namespace' | ['nx', 'va']                                    | "nslab: no namespace 'nx' (there are: na, nb)"
        'no such interface' | ['na', 'eth0']                                  | "nslab: no interface 'eth0' in namespace 'na' (it has: lo, va)"
        'a bad name'        | ['../x', 'va']                                  | "nslab: invalid namespace name '../x': use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        'a negative count'  | ['na', 'va', '-c', '-1']                        | 'nslab: -c needs a positive count, not -1'
    }

    def "its help says how it ends and ends with its exit codes"() {
        when:
        def (int status, String stdout, String stderr) = Procs.cli(['capture', '--help'])
        def paragraphs = stdout.trim().split(/\n\s*\n/)

        then:
        status == 0
        stdout.startsWith('Usage: nslab capture ')
        stdout.replaceAll(/\s+/, ' ').contains("with 'N packets captured' on stderr")
        paragraphs.last().replaceAll(/\s+/, ' ').startsWith('Exit codes: 0 it ended with Ctrl-C, -c or --timeout 1 the capture failed')
        paragraphs.last().replaceAll(/\s+/, ' ').contains('2 a usage error')
    }
}
