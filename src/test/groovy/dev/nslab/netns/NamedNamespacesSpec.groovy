package dev.nslab.netns

import dev.nslab.netlink.Netlink
import dev.nslab.netlink.nl.LinkKind
import dev.nslab.netlink.NewLink
import dev.nslab.sys.SysException
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

class NamedNamespacesSpec extends Specification {

    def cleanup() {
        NamedNamespaces.list().each { NamedNamespaces.delete(it) }
    }

    def "a namespace nslab creates is one that ip netns sees and can use"() {
        when:
        def created = NamedNamespaces.create('alpha', null)
        created.handle().close()

        then:
        Ip.netns() == ['alpha']
        Ip.links('alpha')*.ifname == ['lo']

        when:
        NamedNamespaces.delete('alpha')

        then:
        Ip.netns() == []
        Ip.nsfsMounts().every { !it.contains('/run/netns/alpha') }
    }

    def "a task runs inside the namespace and the thread that asked stays where it was"() {
        given:
        def home = Files.readSymbolicLink(Paths.get('/proc/self/ns/net')).toString()
        def ns = NamedNamespaces.create('beta', null).handle()

        when: 'a link is made from inside'
        InNamespace.call(ns) {
            try (Netlink nl = Netlink.open()) {
                nl.linkAdd(NewLink.of('br-inside', new LinkKind.Bridge(null, null)))
            }
        }

        then:
        Ip.linkNames('beta').contains('br-inside')
        !Ip.linkNames(null).contains('br-inside')
        Ip.threadNamespaces().values().toSet() == [home] as Set

        cleanup:
        ns?.close()
    }

    def "sysctls are read and written inside the namespace only"() {
        given:
        def ns = NamedNamespaces.create('gamma', null).handle()

        when:
        NamespaceSysctl.write(ns, 'net.ipv4.ip_forward', '1')

        then:
        NamespaceSysctl.read(ns, 'net.ipv4.ip_forward') == '1'
        Ip.run(['ip', 'netns', 'exec', 'gamma', 'cat', '/proc/sys/net/ipv4/ip_forward']).trim() == '1'
        new File('/proc/sys/net/ipv4/ip_forward').text.trim() == '0'

        cleanup:
        ns?.close()
    }

    def "a tap device is made persistent inside its namespace"() {
        given:
        def ns = NamedNamespaces.create('delta', null).handle()

        when:
        Tuntap.tapAdd(ns, 'tap0')

        then:
        Ip.link('delta', 'tap0') != null
        Ip.link(null, 'tap0') == null

        cleanup:
        ns?.close()
    }

    def "unsafe names are refused before any system call: #name"() {
        when:
        NamedNamespaces.create(name, null)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith("invalid namespace name")
        Ip.netns() == []

        where:
        name << ['..', 'a/b', '-x', 'new\nline', 'x' * 65, '.hidden']
    }

    def "a file under /run/netns that is not a namespace is never unlinked"() {
        given:
        Files.write(Paths.get('/run/netns/plain'), 'data'.bytes)

        when:
        NamedNamespaces.delete('plain')

        then:
        def e = thrown(NamespaceException)
        e.message == '/run/netns/plain is not a namespace mount: refusing to unlink it'
        Files.exists(Paths.get('/run/netns/plain'))

        cleanup:
        Files.deleteIfExists(Paths.get('/run/netns/plain'))
    }

    def "a symlink in place of a namespace is refused, and its target survives"() {
        given:
        def target = Files.createTempFile('nslab', '.keep')
        Files.createSymbolicLink(Paths.get('/run/netns/evil'), target)

        when:
        NamedNamespaces.delete('evil')

        then:
        def e = thrown(SysException)
        e.message.startsWith('open(2) failed: ELOOP')
        Files.exists(target)

        cleanup:
        Files.deleteIfExists(Paths.get('/run/netns/evil'))
        Files.deleteIfExists(target)
    }

    def "an empty placeholder left by a crash between create and bind is taken over"() {
        given:
        Files.createFile(Paths.get('/run/netns/stale'))

        when:
        def created = NamedNamespaces.create('stale', null)
        created.handle().close()

        then:
        Ip.links('stale')*.ifname == ['lo']
    }

    def "200 namespaces with veths are created and deleted without residue"() {
        given:
        def home = Files.readSymbolicLink(Paths.get('/proc/self/ns/net')).toString()
        def names = (1..200).collect { "res$it".toString() }
        def linksBefore = Ip.linkNames(null)

        when:
        def created = NamedNamespaces.createAll(names, null)
        try (Netlink host = Netlink.open()) {
            def batch = host.batch()
            created.eachWithIndex { c, i ->
                batch.add(dev.nslab.netlink.Requests.linkAdd(NewLink.of("rv${i + 1}",
                        new LinkKind.Veth("eth0", c.handle().fd(), 0, null, null)).up(true)))
            }
            batch.execute().orThrow()
        }

        then:
        new File('/run/netns').list().size() == 200
        Ip.netns().size() == 200
        Ip.linkNames(null).count { it.startsWith('rv') } == 200
        Ip.linkNames('res77').contains('eth0')

        when:
        created.each { it.handle().close() }
        names.each { NamedNamespaces.delete(it) }
        waitUntil { Ip.linkNames(null) == linksBefore }

        then:
        Ip.netns() == []
        Ip.nsfsMounts().findAll { it.contains('/run/netns') } == []
        Ip.linkNames(null) == linksBefore
        Ip.threadNamespaces().values().toSet() == [home] as Set
    }

    static void waitUntil(Closure<Boolean> condition) {
        long deadline = System.nanoTime() + 10_000_000_000L
        while (!condition() && System.nanoTime() < deadline) {
            Thread.sleep(20)
        }
    }
}
