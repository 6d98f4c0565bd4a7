package dev.nslab.live

import dev.nslab.testing.Ip
import spock.lang.Specification
import spock.lang.Timeout

import java.util.concurrent.CopyOnWriteArrayList

/** monitor, driven by iproute2 (the independent actor), read line by line. */
@Timeout(60)
class MonitorSpec extends Specification {
    List<String> lines = new CopyOnWriteArrayList<>()

    def cleanup() {
        Ip.netns().each { Ip.run(['ip', 'netns', 'del', it]) }
    }

    private boolean await(Monitor m, long millis = 5000, Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + millis
        while (System.currentTimeMillis() < deadline) {
            m.step(50)
            if (condition()) {
                return true
            }
        }
        false
    }

    def "names added and deleted are reported as ip netns monitor reports them"() {
        given:
        def m = new Monitor(false, Monitor.defaultReceiveBuffer(), lines.&add)

        when:
        Ip.run(['ip', 'netns', 'add', 'm1'])
        Ip.run(['ip', 'netns', 'del', 'm1'])

        then:
        await(m) { lines == ['add m1', 'delete m1'] }

        cleanup:
        m?.close()
    }

    def "with --all, link, address and route events of every namespace come tagged with it"() {
        given:
        Ip.run(['ip', 'netns', 'add', 'm2'])
        def m = new Monitor(true, Monitor.defaultReceiveBuffer(), lines.&add)

        when:
        Ip.run(['ip', 'netns', 'add', 'm3'])
        await(m) { m.subscribed() == ['m2', 'm3'] }
        Ip.run(['ip', '-n', 'm3', 'link', 'add', 'br9', 'type', 'bridge'])
        Ip.run(['ip', '-n', 'm3', 'link', 'set', 'br9', 'up'])
        Ip.run(['ip', '-n', 'm3', 'addr', 'add', '10.9.9.1/24', 'dev', 'br9'])
        Ip.run(['ip', '-n', 'm2', 'link', 'set', 'lo', 'up'])

        then:
        await(m) {
            lines.containsAll(['add m3', '[m3] link br9 bridge DOWN state DOWN', '[m3] addr add 10.9.9.1/24 dev br9',
                               '[m3] route add 10.9.9.1/32 dev br9 table 255']) && lines.any { it.startsWith('[m2] link lo ') }
        }

        when: 'a namespace is deleted, its socket is closed at once (it would keep the namespace alive)'
        Ip.run(['ip', 'netns', 'del', 'm3'])

        then:
        await(m) { lines.contains('delete m3') && m.subscribed() == ['m2'] }

        cleanup:
        m?.close()
    }

    def "lost events (ENOBUFS) are reported and the state is read again"() {
        given:
        Ip.run(['ip', 'netns', 'add', 'm4'])
        def m = new Monitor(true, 2048, lines.&add)
        def batch = File.createTempFile('nslab', '.batch')
        batch.text = (1..300).collect { "link add b$it type bridge" }.join('\n') + '\n'

        when: 'many events arrive while nobody reads'
        Ip.run(['ip', '-n', 'm4', '-batch', batch.path])

        then:
        await(m) { lines.contains('[m4] events lost (ENOBUFS): resynchronised: 301 links, 0 addresses, 0 routes') }

        cleanup:
        m?.close()
        batch?.delete()
    }

    def "Ctrl-C ends nslab monitor cleanly"() {
        given:
        def java = ProcessHandle.current().info().command().orElse('java')
        def p = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'monitor').start()
        def out = new CopyOnWriteArrayList<String>()
        def err = new StringBuffer()
        Thread.start { p.inputStream.eachLine { out << it } }
        Thread.start { p.errorStream.eachLine { err << it << '\n' } }

        when: 'namespaces are added until the monitor, once started, reports one'
        def added = []
        long deadline = System.currentTimeMillis() + 120_000
        while (out.isEmpty() && System.currentTimeMillis() < deadline) {
            added << "m${added.size() + 5}".toString()
            Ip.run(['ip', 'netns', 'add', added.last()])
            Thread.sleep(300)
        }

        then:
        dev.nslab.testing.Procs.eventually(30_000) { !out.isEmpty() && out.every { it.startsWith('add ') && added.contains(it.substring(4)) } }

        when:
        Ip.run(['kill', '-INT', "${p.pid()}".toString()])

        then:
        p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)
        p.exitValue() == 0
        err.toString() == ''

        cleanup:
        p?.destroyForcibly()
    }
}
