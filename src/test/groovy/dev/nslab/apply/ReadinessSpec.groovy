package dev.nslab.apply

import dev.nslab.cli.Cli
import dev.nslab.state.Labs
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

/**
 * ready 'tcp:PORT' / 'udp:PORT' / 'log:REGEX' on spawns (issue 17.1). Witnesses: the namespace's
 * /proc/net/tcp and udp as `ip netns exec NS cat` shows them, ip netns list, the spawn's log.
 */
class ReadinessSpec extends Specification {
    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    /** The ports in LISTEN (tcp) or bound (udp) state in namespace ns, read by an independent cat. */
    static Set<Integer> ports(String ns, String table) {
        def lines = Ip.run(['ip', 'netns', 'exec', ns, 'cat', "/proc/net/$table".toString(), "/proc/net/${table}6".toString()]).readLines()
        lines.findAll { it.contains(':') && !it.contains('local_address') }.collect { it.trim().split(/\s+/) }
                .findAll { table != 'tcp' || it[3] == '0A' }
                .collect { Integer.parseInt(it[1].split(':')[1], 16) } as Set
    }

    static String lab(String body) {
        """lab 'rdy'
namespace('srv') {
    veth 'eth0' addr '10.30.0.1/24' peer 'eth0' netns 'cli' addr '10.30.0.2/24'
$body
}
namespace('cli')
"""
    }

    def "up returns only once a slow server, a child of its spawn, listens; the table shows how long it took"() {
        given: 'a server that binds after 1.5 s, as a child of the shell nslab starts'
        def text = lab('''    spawn 'web', 'sh', '-c', 'sleep 1.5; python3 -m http.server --bind 10.30.0.1 8080 & wait' ready 'tcp:8080\'''')

        when:
        def r = Applier.up(new ScriptRunner().load('rdy.netns.groovy', text))

        then: 'the socket was in LISTEN when up returned'
        ports('srv', 'tcp').contains(8080)
        r.ready().size() == 1
        r.ready()[0].spawn().name() == 'web'
        r.ready()[0].took().toMillis() >= 1400

        when: 'up again, from the command line: nothing to start, ready at once, shown in the table'
        def f = Files.createTempFile('rdy', '.netns.groovy').toFile()
        f.text = text
        def out = Cli.run('up', f.path)

        then:
        out.rc == 0
        out.out.readLines().any { it ==~ /srv\s+web\s+ready tcp:8080\s+pass\s+\d+\.\d{3} ms\s+\S+:4/ }
        out.out.contains('1 spawn ready')

        cleanup:
        f.delete()
    }

    def "a socket of another process on the port does not make the spawn ready: up fails after within, with the log, and is undone"() {
        given:
        def text = lab('''    spawn 'other', 'python3', '-c', 'import socket,time; s=socket.socket(); s.bind(("0.0.0.0", 8081)); s.listen(); time.sleep(60)'
    spawn 'lazy', 'sh', '-c', 'echo lazy says hello; exec sleep 60' ready 'tcp:8081' within '1500ms\'''')

        when:
        Applier.up(new ScriptRunner().load('rdy.netns.groovy', text))

        then:
        def e = thrown(ApplyException)
        e.message.startsWith("rdy.netns.groovy:5: spawn 'lazy' in namespace 'srv' was not ready within 1500 ms (tcp:8081: no listening TCP socket of its process tree on port 8081)")
        e.message.contains('lazy says hello')

        and: 'the run is undone: no namespace, no journal'
        !Ip.netns().contains('srv')
        !Ip.netns().contains('cli')
        !Labs.labs().contains('rdy')
    }

    // It exits after 3 s: well after the 500 ms in which up calls a spawn that exits "exited at once", even on a loaded machine.
    def "a spawn that exits before it is ready fails up with its status and the tail of its log (exit 1 from the CLI)"() {
        given:
        def f = Files.createTempFile('rdy', '.netns.groovy').toFile()
        f.text = lab('''    spawn 'quitter', 'sh', '-c', 'echo cannot bind: port taken >&2; sleep 3; exit 3' ready 'tcp:8082\'''')

        when:
        def out = Cli.run('up', f.path)

        then:
        out.rc == 1
        out.err.contains("spawn 'quitter' in namespace 'srv' exited with status 3 before it was ready (tcp:8082)")
        out.err.contains('cannot bind: port taken')
        !Ip.netns().contains('srv')

        cleanup:
        f.delete()
    }

    def "ready 'udp:PORT' waits for a bound UDP socket, ready 'log:REGEX' for a matching line"() {
        when:
        def r = Applier.up(new ScriptRunner().load('rdy.netns.groovy', lab('''    spawn 'dns', 'python3', '-c', 'import socket,time; time.sleep(0.8); s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::", 5353)); time.sleep(60)' ready 'udp:5353'
    spawn 'app', 'sh', '-c', 'sleep 0.8; echo "app: started in 0.8 s"; exec sleep 60' ready 'log:started in [0-9.]+ s\'''')))

        then:
        ports('srv', 'udp').contains(5353)
        new File('/run/nslab/rdy/srv.app.log').text.contains('app: started')
        r.ready()*.spawn()*.name() == ['dns', 'app']
        r.ready().every { it.took().toMillis() >= 700 }
    }
}
