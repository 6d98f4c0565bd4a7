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
}
