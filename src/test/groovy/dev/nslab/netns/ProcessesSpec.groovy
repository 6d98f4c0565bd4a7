package dev.nslab.netns

import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

import static dev.nslab.testing.Procs.eventually

/** Processes by namespace, checked against ip netns pids / identify and /proc. */
class ProcessesSpec extends Specification {
    Procs procs = new Procs()

    def cleanup() {
        procs.killAll()
        ['/run/netns/i2'].each { if (Files.exists(Paths.get(it))) { Ip.status(['umount', it]); Files.delete(Paths.get(it)) } }
        NamedNamespaces.list().each { NamedNamespaces.delete(it) }
    }

    def "pids equals ip netns pids, plus the process that has only a thread inside"() {
        given:
        NamedNamespaces.create('p1', null).handle().close()
        def sleeper = procs.inNamespace('p1', 'exec sleep 1000')
        def member = procs.threadOnlyMember('p1')

        expect:
        eventually { Processes.pids('p1').containsAll([sleeper.pid(), member.pid()]*.intValue()) }
        def witness = Procs.ipPids('p1')
        witness.contains(sleeper.pid().intValue())
        !witness.contains(member.pid().intValue())
        Processes.pids('p1') == (witness + [member.pid().intValue()]).sort()
        new File("/proc/${member.pid()}/task").listFiles().any { t ->
            Files.readSymbolicLink(new File(t, 'ns/net').toPath()) == Files.readSymbolicLink(Paths.get("/proc/${sleeper.pid()}/ns/net"))
        }
    }

    def "identify gives every name of the namespace, as ip netns identify does; unnamed gives none"() {
        given:
        NamedNamespaces.create('i1', null).handle().close()
        Files.createFile(Paths.get('/run/netns/i2'))
        Ip.run(['mount', '--bind', '/run/netns/i1', '/run/netns/i2'])
        def sleeper = procs.inNamespace('i1', 'exec sleep 1000')
        eventually { Procs.ipPids('i1').contains(sleeper.pid().intValue()) }

        expect:
        Processes.identify(sleeper.pid().intValue()) == ['i1', 'i2']
        // iproute2 6.1 prints the first match only: nslab's answer is a superset of its
        Processes.identify(sleeper.pid().intValue()).containsAll(
                Ip.run(['ip', 'netns', 'identify', "${sleeper.pid()}".toString()]).split(/\s+/).findAll())
        ['i1', 'i2'].every { Ip.run(['stat', '-L', '-c', '%d:%i', "/run/netns/$it".toString()]) ==
                Ip.run(['stat', '-L', '-c', '%d:%i', "/proc/${sleeper.pid()}/ns/net".toString()]) }
        Processes.identify((int) ProcessHandle.current().pid()) == []
        Ip.run(['ip', 'netns', 'identify', "${ProcessHandle.current().pid()}".toString()]).trim() == ''
    }

    def "stopAll stops a TERM-ignoring process, a setsid daemon and a thread-only member"() {
        given:
        NamedNamespaces.create('s1', null).handle().close()
        def stubborn = procs.inNamespace('s1', 'trap "" TERM; sleep 1000 & wait')
        procs.inNamespace('s1', 'exec setsid -f sleep 1001')
        def member = procs.threadOnlyMember('s1')
        eventually { Processes.pids('s1').size() >= 4 && Processes.pids('s1').contains(member.pid().intValue()) }
        def before = Processes.pids('s1')

        when:
        long t0 = System.currentTimeMillis()
        Processes.stopAll('s1')

        then:
        before.every { Procs.gone(it) }
        Procs.ipPids('s1') == []
        Processes.pids('s1') == []
        System.currentTimeMillis() - t0 < 8000   // 2 s of TERM grace, then KILL: no hang
    }

    def "pins name another process's open fd and a mount copy in another mount namespace"() {
        given:
        def h = NamedNamespaces.create('pin1', null).handle()
        def holder = procs.start(['bash', '-c', 'exec 3</run/netns/pin1; exec sleep 1000'])
        def copier = procs.start(['unshare', '--mount', '--propagation', 'private', 'sleep', '1000'])

        expect:
        eventually {
            def p = Processes.pins(h)*.toString()
            p.contains("PID ${holder.pid()} (sleep) holds it open as fd 3".toString()) &&
                    p.contains("PID ${copier.pid()} (sleep) has it mounted on /run/netns/pin1 in its mount namespace".toString())
        }

        when: 'both let go'
        procs.killAll()

        then:
        Processes.pins(h).every { !it.toString().contains('sleep') }

        cleanup:
        h?.close()
    }

    def "a socket made inside the namespace is found as a pin"() {
        given:
        def h = NamedNamespaces.create('sock1', null).handle()
        // perl opens a UDP socket inside (ip netns exec), then the socket outlives its stay: it stays pinned
        def p = procs.inNamespace('sock1', 'exec perl -MIO::Socket::INET -e \'$s = IO::Socket::INET->new(Proto => "udp", LocalAddr => "127.0.0.1") or die; sleep 1000\'')

        expect:
        eventually { Processes.pins(h).any { it.toString().contains("has a socket made inside it") } }

        cleanup:
        h?.close()
    }
}
