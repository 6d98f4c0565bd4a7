package dev.nslab.api

import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.time.Duration

/** issue 17.4: lab.call/run restore the thread, spawns and captures end with the lab, @NetnsLab checks. */
class ServicesApiSpec extends Specification {
    static final String FAILING = '''lab 'failing'
namespace('srv') {
    veth 'eth0' addr '10.0.8.1/24' peer 'eth0' netns 'cli' addr '10.0.8.2/24'
}
namespace('cli')
ping 'cli' to '10.0.8.1'
connect 'cli' to '10.0.8.1:9999'
'''

    def cleanup() {
        Labs.labs().each { dev.nslab.apply.Applier.down(it) }
    }

    static String netnsOfThisThread() {
        new File('/proc/thread-self/ns/net').canonicalPath
    }

    def "call runs on the calling thread inside the namespace and always puts it back, also when the task throws"() {
        given:
        def lab = Nslab.upLocated('fixtures/echo.netns.groovy', ServicesApiSpec)
        def home = java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get('/proc/thread-self/ns/net')).toString()
        def srvInode = 'net:[' + java.nio.file.Files.getAttribute(java.nio.file.Paths.get('/run/netns/srv'), 'unix:ino') + ']'

        when:
        def seen = lab.call('srv') { [Thread.currentThread(), java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get('/proc/thread-self/ns/net')).toString()] }

        then:
        seen[0].is(Thread.currentThread())
        seen[1] == srvInode
        java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get('/proc/thread-self/ns/net')).toString() == home

        when:
        lab.run('cli') { throw new IllegalStateException('boom') }

        then:
        def e = thrown(IllegalStateException)
        e.message == 'boom'
        java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get('/proc/thread-self/ns/net')).toString() == home

        when: 'a namespace the lab does not have'
        lab.call('nope') { 1 }

        then:
        def bad = thrown(IllegalArgumentException)
        bad.message.contains('has no namespace nope')

        cleanup:
        lab?.close()
    }

    def "close stops the test's spawns and closes its captures before down; a wrong link is refused naming the links"() {
        given:
        def lab = Nslab.upLocated('fixtures/echo.netns.groovy', ServicesApiSpec)
        def sleeper = lab.spawn('srv', 'sleep', '600')
        def capture = lab.capture('cli', 'eth0')
        assert Ip.run(['ip', 'netns', 'pids', 'srv']).readLines()*.trim().contains(sleeper.pid().toString())

        when:
        lab.capture('cli', 'eth9')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'lab echo: no link eth9 in cli (its links: lo, eth0)'

        when:
        lab.close()

        then:
        !sleeper.isAlive()
        !ProcessHandle.of(sleeper.pid()).isPresent()
        !Ip.netns().contains('srv')
        Labs.labs().isEmpty()
    }

    def "awaitReady fails with the output when the program exits first"() {
        given:
        def lab = Nslab.upLocated('fixtures/echo.netns.groovy', ServicesApiSpec)

        when:
        lab.spawn('srv', 'sh', '-c', 'echo no port for you; exit 4').awaitReady(9000, Duration.ofSeconds(10))

        then:
        def e = thrown(IllegalStateException)
        e.message.contains('exited with status 4 before it listened on TCP port 9000')
        e.message.contains('no port for you')

        cleanup:
        lab?.close()
    }

    def "a fixture runs the script's expectations after up and fails with the table; check = false leaves them to the test"() {
        given:
        def file = java.nio.file.Files.createTempFile('failing', '.netns.groovy').toFile()
        file.text = FAILING

        when:
        def f = new LabFixture(file.path, false, true, ServicesApiSpec)
        f.up()

        then:
        def e = thrown(AssertionError)
        e.message.contains('the script\'s expectations failed after up')
        e.message.readLines().any { it ==~ /cli\s+10\.0\.8\.1:9999\s+connect\s+FAIL.*refused \(RST\).*/ }
        e.message.readLines().any { it ==~ /cli\s+10\.0\.8\.1\s+ping\s+pass.*/ }

        when: 'down still works after the failed check'
        f.down()

        then:
        !Ip.netns().contains('srv')

        when:
        def g = new LabFixture(file.path, false, false, ServicesApiSpec)
        def lab = g.up()

        then:
        lab.check()*.passed() == [true, false]
        Lab.table(lab.check()).contains('1 of 2 expectations failed')

        cleanup:
        g?.down()
        file.delete()
    }
}
