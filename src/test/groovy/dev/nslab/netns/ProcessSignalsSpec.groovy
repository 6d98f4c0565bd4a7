package dev.nslab.netns

import dev.nslab.testing.Procs
import spock.lang.Specification

import static dev.nslab.testing.Procs.eventually

/** Stopping the processes in a namespace, checked against ip netns pids and /proc. */
class ProcessSignalsSpec extends Specification {
    Procs procs = new Procs()

    def cleanup() {
        procs.killAll()
        NamedNamespaces.list().each { NamedNamespaces.delete(it) }
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
        ProcessSignals.stopAll('s1')

        then:
        before.every { Procs.gone(it) }
        Procs.ipPids('s1') == []
        Processes.pids('s1') == []
        System.currentTimeMillis() - t0 < 8000   // 2 s of TERM grace, then KILL: no hang
    }
}
