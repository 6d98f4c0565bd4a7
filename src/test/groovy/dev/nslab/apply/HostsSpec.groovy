package dev.nslab.apply

import dev.nslab.cli.Cli
import dev.nslab.state.Labs
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

/**
 * Names (issue 17.1): /etc/netns/NS/hosts for every lab namespace. Witnesses: iputils ping and
 * getent through ip netns exec (which binds the file over /etc/hosts), the files themselves.
 * The sandbox gives /etc/netns a tmpfs of its own: the machine's /etc/netns is never touched.
 */
class HostsSpec extends Specification {
    static final String LAB = '''lab 'names'
namespace('h1') {
    veth 'eth0' addr '10.31.0.1/24' addr 'fd31::1/64' peer 'eth0' netns 'h2' addr '10.31.0.2/24' addr 'fd31::2/64'
}
namespace('h2')
'''

    def setupSpec() {
        assert new File('/proc/self/mountinfo').readLines().any { it.split(' ')[4] == '/etc/netns' }: \
            '/etc/netns must be a tmpfs of the test sandbox (src/test/sandbox/bin/java), never the machine\'s own'
    }

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
        new File('/etc/netns').eachFile { it.deleteDir() }
    }

    def "every namespace reaches the others by name; down removes the files"() {
        when:
        Applier.up(new ScriptRunner().load('names.netns.groovy', LAB))

        then:
        def text = new File('/etc/netns/h1/hosts').text
        text.startsWith(Hosts.MARK)
        text.contains('10.31.0.2\th2') && text.contains('fd31::1\th1')
        new File('/etc/netns/h2/hosts').text == text

        and: 'iputils ping by name, through ip netns exec'
        Ip.status(['ip', 'netns', 'exec', 'h1', 'ping', '-c', '1', '-W', '2', 'h2']) == 0
        Ip.run(['ip', 'netns', 'exec', 'h2', 'getent', 'ahostsv6', 'h1']).contains('fd31::1')

        and: 'nslab exec binds it too'
        Procs.cli(['exec', 'h1', '--', 'getent', 'ahostsv4', 'h2'])[1].contains('10.31.0.2')

        when:
        Applier.down('names')

        then:
        !new File('/etc/netns/h1').exists()
        !new File('/etc/netns/h2').exists()
    }

    def "a hosts file nslab did not write is left alone, and a symbolic link is not written through"() {
        given:
        new File('/etc/netns/h1').mkdirs()
        new File('/etc/netns/h1/hosts').text = '10.9.9.9 mine\n'
        new File('/etc/netns/h1/resolv.conf').text = 'nameserver 10.9.9.9\n'
        def target = Files.createTempFile('not-hosts', '.txt').toFile()
        target.text = 'precious\n'
        new File('/etc/netns/h2').mkdirs()
        Files.createSymbolicLink(Paths.get('/etc/netns/h2/hosts'), target.toPath())

        when:
        def out = Cli.run('up', Files.createTempFile('names', '.netns.groovy').toFile().with { it.text = LAB; it.path })

        then:
        out.rc == 0
        new File('/etc/netns/h1/hosts').text == '10.9.9.9 mine\n'
        target.text == 'precious\n'
        Files.isSymbolicLink(Paths.get('/etc/netns/h2/hosts'))

        when:
        Applier.down('names')

        then: 'down leaves them too'
        new File('/etc/netns/h1/hosts').text == '10.9.9.9 mine\n'
        new File('/etc/netns/h1/resolv.conf').exists()
        Files.isSymbolicLink(Paths.get('/etc/netns/h2/hosts'))
        target.text == 'precious\n'

        cleanup:
        target.delete()
    }
}
