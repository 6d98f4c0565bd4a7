package dev.nslab.dsl

import dev.nslab.apply.Applier
import dev.nslab.cli.Cli
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

/**
 * dsl-examples/web.netns.groovy (issue 17.6): up waits for the server, and its connect/noConnect
 * table passes. Witnesses: python's urllib by name from client (through /etc/netns/client/hosts),
 * the server's own log, and python from the outsider, refused or unreachable.
 */
class WebExampleSpec extends Specification {
    static final String FILE = 'dsl-examples/web.netns.groovy'

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    def "up starts the web server, waits until it listens and checks who may connect"() {
        when:
        def out = Cli.run('up', FILE)
        def lines = out.out.readLines()

        then:
        out.rc == 0
        lines.any { it ==~ /srv\s+web\s+ready tcp:8080\s+pass\s+\d+\.\d{3} ms\s+\S+web\.netns\.groovy:9/ }
        lines.any { it ==~ /client\s+10\.0\.0\.2:8080\s+connect\s+pass\s+\d+\.\d{3} ms.*/ }
        lines.count { it ==~ /.*noConnect\s+pass.*/ } == 3
        lines.last() == '1 spawn ready; 5 expectations passed'

        and: 'a real HTTP GET by name from client is served'
        Procs.cli(['exec', 'client', '--', 'python3', '-c',
                   'import urllib.request; print(urllib.request.urlopen("http://srv:8080/").status)'])[1].trim() == '200'
        new File('/run/nslab/web/srv.web.log').text.contains('"GET / HTTP/1.1" 200')

        and: 'the outsider: refused on srv\'s side, no route to the client network'
        def tryFrom = { String ns, String host ->
            Ip.run(['ip', 'netns', 'exec', ns, 'python3', '-c', """
import socket
try:
    socket.create_connection(("$host", 8080), timeout=2); print("connected")
except OSError as e:
    print(type(e).__name__)""".toString()]).trim()
        }
        tryFrom('outsider', '10.9.0.2') == 'ConnectionRefusedError'
        tryFrom('outsider', '10.0.0.2') == 'OSError'   // ENETUNREACH
        tryFrom('client', '10.0.0.2') == 'connected'
    }
}
