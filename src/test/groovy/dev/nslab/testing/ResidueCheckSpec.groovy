package dev.nslab.testing

import dev.nslab.netlink.NetlinkSocket
import spock.lang.Specification
import spock.util.EmbeddedSpecRunner

import java.nio.file.Files
import java.nio.file.Paths

/**
 * The residue check sees each kind of thing a spec can leave behind, and fails a spec that
 * leaves any.
 */
class ResidueCheckSpec extends Specification {

    def "each kind of residue is seen, and its removal makes the snapshots equal again: #what"() {
        given:
        def before = Residue.take()

        when:
        def undo = leave.call()
        def after = Residue.take()

        then:
        after.differencesTo(before).any { it.startsWith('gone: ') }
        before.differencesTo(after).findAll { it.startsWith('left behind: ') }.any { it.contains(seen) }

        when:
        undo.call()

        then:
        ResidueCheck.settle(before) == []

        where:
        what                          | seen                    | leave
        'a named namespace'           | 'file /run/netns/rz1'   | { Ip.run(['ip', 'netns', 'add', 'rz1']); return { Ip.run(['ip', 'netns', 'del', 'rz1']) } }
        'an nsfs mount'               | 'nsfs mount /run/netns/rz2' | { Ip.run(['ip', 'netns', 'add', 'rz2']); return { Ip.run(['ip', 'netns', 'del', 'rz2']) } }
        'a link'                      | 'link rz-a veth up'     | { Ip.run(['ip', 'link', 'add', 'rz-a', 'up', 'type', 'veth', 'peer', 'rz-b']); return { Ip.run(['ip', 'link', 'del', 'rz-a']) } }
        'a link left down'            | 'link lo loopback down' | { Ip.run(['ip', 'link', 'set', 'lo', 'down']); return { Ip.run(['ip', 'link', 'set', 'lo', 'up']) } }
        'an address'                  | 'addr lo 10.77.0.1/32'  | { Ip.run(['ip', 'addr', 'add', '10.77.0.1/32', 'dev', 'lo']); return { Ip.run(['ip', 'addr', 'del', '10.77.0.1/32', 'dev', 'lo']) } }
        'a route'                     | 'route -4 unicast 10.78.0.0/16 dev lo table main' | { Ip.run(['ip', 'route', 'add', '10.78.0.0/16', 'dev', 'lo']); return { Ip.run(['ip', 'route', 'del', '10.78.0.0/16', 'dev', 'lo']) } }
        'a file under /run/nslab'     | 'file /run/nslab/rz'    | { Files.createDirectory(Paths.get('/run/nslab/rz')); return { Files.delete(Paths.get('/run/nslab/rz')) } }
        'a process of this run'       | 'sleep 1000'            | { def p = new ProcessBuilder('sleep', '1000').start(); return { p.destroyForcibly().waitFor(); p.inputStream.close(); p.errorStream.close(); p.outputStream.close() } }
        'an open netlink socket'      | 'fd socket'             | { def s = NetlinkSocket.open(); return { s.close() } }
        'a thread in a lab namespace' | 'thread'                | { threadIn('rz3') }
    }

    def "a spec that leaves a namespace fails, naming it"() {
        given:
        def runner = new EmbeddedSpecRunner(throwFailure: false)
        runner.addClassImport(Ip)

        when: 'the embedded spec is checked as an outermost one'
        int depth = ResidueCheck.DEPTH.getAndSet(0)
        def result
        try {
            result = runner.runSpecBody('''
                def "leaves a namespace"() {
                    expect:
                    Ip.run(['ip', 'netns', 'add', 'left-over'])
                }
            ''')
        } finally {
            ResidueCheck.DEPTH.set(depth)
        }

        then:
        result.containersFailedCount + result.testsFailedCount >= 1
        def messages = (result.containerEvents().failed().stream().toList() + result.testEvents().failed().stream().toList())
                .collect { it.payload.get().throwable.get().message }
        messages.any { it.contains('left residue') && it.contains('left behind: file /run/netns/left-over') }

        cleanup:
        Ip.status(['ip', 'netns', 'del', 'left-over'])
    }

    /** A thread that enters a new named namespace and stays there until told to leave. */
    private static Closure threadIn(String ns) {
        Ip.run(['ip', 'netns', 'add', ns])
        def h = dev.nslab.netns.NamedNamespaces.open(ns)
        def entered = new java.util.concurrent.CountDownLatch(1)
        def release = new java.util.concurrent.CountDownLatch(1)
        def t = Thread.start('residue-probe') {
            dev.nslab.sys.Namespaces.setns(h.fd(), dev.nslab.sys.Namespaces.CLONE_NEWNET)
            entered.countDown()
            release.await()
        }
        entered.await()
        return {
            release.countDown()
            t.join()
            h.close()
            Ip.run(['ip', 'netns', 'del', ns])
        }
    }
}
