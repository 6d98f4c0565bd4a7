package dev.nslab.netns

import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

/** exec as ip netns exec does it, checked against ip netns exec itself and /proc. */
class NamespaceExecSpec extends Specification {
    boolean madeEtcNetns

    def setup() {
        // /etc/netns lives on the real file system: a tmpfs over it, private to the sandbox
        def dir = Paths.get('/etc/netns')
        if (!Files.exists(dir)) {
            Files.createDirectory(dir)
            madeEtcNetns = true
        }
        Ip.run(['mount', '-t', 'tmpfs', 'nslab-etc-netns', '/etc/netns'])
    }

    def cleanup() {
        Ip.run(['umount', '/etc/netns'])
        if (madeEtcNetns) {
            Files.delete(Paths.get('/etc/netns'))
        }
        NamedNamespaces.list().each { NamedNamespaces.delete(it) }
    }

    private static String run(NetnsHandle ns, List<String> argv) {
        def io = new NamespaceExec.Io(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, false)
        def p = NamespaceExec.start(ns, argv, io)
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        assert p.exitValue() == 0: err
        out.toString()
    }

    def "a command sees the namespace's links, its sysfs and /etc/netns files, exactly as under ip netns exec"() {
        given:
        def h = NamedNamespaces.create('e1', null).handle()
        Files.createDirectories(Paths.get('/etc/netns/e1'))
        Files.writeString(Paths.get('/etc/netns/e1/hosts'), '10.1.1.1 only-in-e1\n')
        def home = Ip.threadNamespaces().values().toSet()
        def script = 'readlink /proc/self/ns/net; ls /sys/class/net; cat /etc/hosts'

        when:
        def ours = run(h, ['sh', '-c', script])

        then:
        ours == Ip.run(['ip', 'netns', 'exec', 'e1', 'sh', '-c', script])
        ours.contains('only-in-e1')
        ours.readLines()[1] == 'lo'
        Ip.threadNamespaces().values().toSet() == home
        !new File('/etc/hosts').text.contains('only-in-e1')

        cleanup:
        h?.close()
    }

    def "nslab exec passes stdin, stdout and the exit status through"() {
        given:
        NamedNamespaces.create('e2', null).handle().close()

        expect:
        Procs.cli(['exec', 'e2', '--', 'sh', '-c', 'cat; exit 7'], 'typed input\n')[0..1] == [7, 'typed input\n']
        Procs.cli(['exec', 'e2', '--', 'readlink', '/proc/self/ns/net'])[0..1] ==
                [0, Ip.run(['ip', 'netns', 'exec', 'e2', 'readlink', '/proc/self/ns/net'])]
    }

    def "nslab exec into a namespace that does not exist says so and exits 2"() {
        expect:
        Procs.cli(['exec', 'nope', '--', 'true'])[0, 2] == [2, "nslab: no namespace 'nope' under /run/netns (nslab list shows them)\n"]
    }
}
