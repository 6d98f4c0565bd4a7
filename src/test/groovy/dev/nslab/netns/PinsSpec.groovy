package dev.nslab.netns

import dev.nslab.testing.Procs
import spock.lang.Specification

import static dev.nslab.testing.Procs.eventually

/** What holds a namespace alive, checked against processes made to hold it. */
class PinsSpec extends Specification {
    Procs procs = new Procs()

    def cleanup() {
        procs.killAll()
        NamedNamespaces.list().each { NamedNamespaces.delete(it) }
    }

    def "pins name another process's open fd and a mount copy in another mount namespace"() {
        given:
        def h = NamedNamespaces.create('pin1', null).handle()
        def holder = procs.start(['bash', '-c', 'exec 3</run/netns/pin1; exec sleep 1000'])
        def copier = procs.start(['unshare', '--mount', '--propagation', 'private', 'sleep', '1000'])

        expect:
        eventually {
            def p = Pins.of(h)*.toString()
            p.contains("PID ${holder.pid()} (sleep) holds it open as fd 3".toString()) &&
                    p.contains("PID ${copier.pid()} (sleep) has it mounted on /run/netns/pin1 in its mount namespace".toString())
        }

        when: 'both let go'
        procs.killAll()

        then:
        Pins.of(h).every { !it.toString().contains('sleep') }

        cleanup:
        h?.close()
    }

    def "a socket made inside the namespace is found as a pin"() {
        given:
        def h = NamedNamespaces.create('sock1', null).handle()
        // perl opens a UDP socket inside (ip netns exec), then the socket outlives its stay: it stays pinned
        def p = procs.inNamespace('sock1', 'exec perl -MIO::Socket::INET -e \'$s = IO::Socket::INET->new(Proto => "udp", LocalAddr => "127.0.0.1") or die; sleep 1000\'')

        expect:
        eventually { Pins.of(h).any { it.toString().contains("has a socket made inside it") } }

        cleanup:
        h?.close()
    }
}
