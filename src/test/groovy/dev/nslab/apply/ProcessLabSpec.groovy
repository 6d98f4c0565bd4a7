package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.cli.Main
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

import static dev.nslab.testing.Procs.eventually

/** spawn, ps, safe down and pins, on real labs; witnesses: ip netns pids, ip -j, /proc. */
class ProcessLabSpec extends Specification {
    Procs procs = new Procs()

    def cleanup() {
        procs.killAll()
        Labs.labs().each {
            try {
                Applier.down(it)
            } catch (RuntimeException ignored) {
                // a spec that pinned a namespace on purpose
            }
        }
    }

    private static final String SERVER = '''use IO::Socket::INET; $| = 1;
        my $s = IO::Socket::INET->new(LocalAddr => "10.7.0.1", LocalPort => 7007, Listen => 5, ReuseAddr => 1) or die "listen: $!";
        print "listening\\n";
        while (my $c = $s->accept) { my $l = <$c>; print "got $l"; print $c "echo:$l"; close $c }'''
    private static final String CLIENT = '''use IO::Socket::INET; $| = 1; my $c;
        for (1..100) { $c = IO::Socket::INET->new(PeerAddr => "10.7.0.1", PeerPort => 7007) and last; select(undef, undef, undef, 0.05) }
        $c or die "connect: $!"; print $c "hello from c2\\n"; print "reply: ", scalar <$c>;'''

    private static def tcpLab() {
        new ScriptRunner().load('tcp.netns.groovy', """
            namespace('c1') {
                veth 'eth0' addr '10.7.0.1/24' peer 'eth0' netns 'c2' addr '10.7.0.2/24'
                spawn 'server', 'perl', '-e', '''${SERVER}'''
            }
            namespace('c2') {
                spawn 'client', 'perl', '-e', '''${CLIENT}'''
            }
        """.stripIndent())
    }

    def "a spawned TCP server in one namespace and a client in another exchange data"() {
        given:
        def home = Ip.threadNamespaces().values().toSet()

        when:
        Applier.up(tcpLab())

        then: 'the client got the echo, the server saw the line'
        eventually { new File('/run/nslab/tcp/c2.client.log').text.contains('reply: echo:hello from c2') }
        eventually { new File('/run/nslab/tcp/c1.server.log').text.contains('got hello from c2') }

        and: 'the server runs in c1, as ip netns pids sees it, with the sysfs of c1'
        def server = Spawns.tracked('tcp').find { it.name() == 'server' }
        Procs.ipPids('c1').contains(server.pid())
        new File("/proc/${server.pid()}/root/sys/class/net").list().sort() == ['eth0', 'lo']
        Files.readSymbolicLink(Paths.get("/proc/${server.pid()}/ns/net")) ==
                Files.readSymbolicLink(Paths.get("/proc/${Procs.ipPids('c1')[0]}/ns/net"))

        and: 'ps shows the server running and the client gone'
        Spawns.list('tcp').collectEntries { [(it.spawn().name()): it.state()] } == [server: 'sleeping', client: 'gone']

        and: 'no JVM thread was left in a lab namespace'
        Ip.threadNamespaces().values().toSet() == home
    }

    def "up again starts no second copy of a spawn that still runs"() {
        given:
        def lab = tcpLab()
        Applier.up(lab)
        def server = Spawns.tracked('tcp').find { it.name() == 'server' }

        when:
        Applier.up(lab)

        then:
        Spawns.tracked('tcp').find { it.name() == 'server' } == server
        Procs.ipPids('c1') == [server.pid()]
    }

    def "a spawn whose program does not exist fails up with its line and its log"() {
        when:
        Applier.up(new ScriptRunner().load('bad.netns.groovy', """namespace('b1') {
            spawn 'oops', 'no-such-program-nslab'
        }"""))

        then:
        def e = thrown(ApplyException)
        e.message.startsWith("bad.netns.groovy:2: spawn 'oops' in namespace 'b1' exited at once with status 127; its log /run/nslab/bad/b1.oops.log ends:")
        e.message.contains('no-such-program-nslab')
    }

    def "down stops a TERM-ignoring process, a setsid daemon and a thread-only member, and leaves nothing"() {
        given:
        def linksBefore = Ip.linkNames(null)
        Applier.up(new ScriptRunner().load('stubborn.netns.groovy', """namespace('d1') {
            veth 'eth0' addr '10.8.0.1/24' peer 'd1-p'
            spawn 'ignorer', 'sh', '-c', 'trap "" TERM; while :; do sleep 1; done'
        }"""))
        procs.inNamespace('d1', 'exec setsid -f sleep 1002')
        def member = procs.threadOnlyMember('d1')
        eventually { Procs.ipPids('d1').size() >= 2 && dev.nslab.netns.Processes.pids('d1').contains(member.pid().intValue()) }
        def inside = dev.nslab.netns.Processes.pids('d1')
        assert Ip.linkNames(null).contains('d1-p')

        when:
        def status = Main.run('down', 'stubborn')

        then:
        status == 0
        inside.every { Procs.gone(it) }
        Ip.netns() == []
        Ip.linkNames(null) == linksBefore
        Ip.nsfsMounts().every { !it.contains('/run/netns/d1') }
        !Files.exists(Paths.get('/run/nslab/stubborn'))
    }

    def "a namespace pinned by another process's open fd: down exits 1 and names the pin"() {
        given:
        Applier.up(new ScriptRunner().load('pinned.netns.groovy', "namespace('q1') { veth 'eth0' peer 'q1-p'; bridge 'br0' }"))
        def holder = procs.start(['bash', '-c', 'exec 3</run/netns/q1; exec sleep 1000'])
        eventually { Files.readSymbolicLink(Paths.get("/proc/${holder.pid()}/fd/3")).toString() == '/run/netns/q1' }
        def err = new ByteArrayOutputStream()
        def oldErr = System.err
        System.setErr(new PrintStream(err, true))

        when:
        def status = Main.run('down', 'pinned')

        then:
        status == 1
        err.toString().contains("namespace q1 was unnamed but is still held alive, with its links:\n  PID ${holder.pid()} (sleep) holds it open as fd 3\n")
        err.toString().contains('stop that process or make it let go')
        // the namespace lives on, held, with its bridge: nothing claimed it was gone
        Ip.run(['nsenter', "--net=/proc/${holder.pid()}/fd/3".toString(), 'ip', '-j', 'link', 'show']).contains('"br0"')
        Ip.netns() == []

        when: 'the holder ends, and down runs again'
        procs.killAll()

        then: 'the lab is gone'
        Main.run('down', 'pinned') == 0
        Labs.labs() == []

        cleanup:
        System.setErr(oldErr)
    }
}
