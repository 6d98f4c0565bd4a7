package dev.nslab.check

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.cli.Cli
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Specification

import java.nio.file.Files

import static dev.nslab.testing.Procs.eventually

/**
 * connect/noConnect (issue 17.2): nslab's own TCP connect from inside the source namespace, IPv4
 * and IPv6, in the table with pings. The other end: a python3 socket server the spec starts with
 * ip netns exec, which prints the peer of each connection it accepts.
 */
class ConnectSpec extends Specification {
    static final String SERVER = '''import socket, sys
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 8080)); s.listen(16)
print("listening", flush=True)
while True:
    c, peer = s.accept(); print("accepted from", peer[0], flush=True); c.close()
'''
    static final String LAB = '''lab 'conn'
namespace('srv') {
    veth 'eth0' addr '10.40.0.2/24' addr 'fd40::2/64' peer 'eth0' netns 'client' addr '10.40.0.1/24' addr 'fd40::1/64'
    veth 'eth1' addr '10.41.0.2/24' peer 'eth0' netns 'outsider' addr '10.99.0.3/24'
}
namespace('outsider') {
    route '10.41.0.0/24' dev 'eth0'
}
namespace('client')
ping 'client' to '10.40.0.2'
connect 'client' to '10.40.0.2:8080'
connect 'client' to '[fd40::2]:8080'
noConnect 'client' to '10.40.0.2:9'
noConnect 'outsider' to '10.41.0.2:8080'
'''
    Procs procs = new Procs()
    File script

    def setup() {
        script = Files.createTempFile('conn', '.netns.groovy').toFile()
        script.text = LAB
    }

    def cleanup() {
        procs.killAll()
        Labs.labs().each { Applier.down(it) }
        script.delete()
    }

    private File startServer() {
        def log = Files.createTempFile('server', '.log').toFile()
        procs.start(['sh', '-c', "exec ip netns exec srv python3 -u -c '${SERVER}' > ${log.path} 2>&1".toString()])
        assert eventually(10_000) { log.text.contains('listening') }
        log
    }

    def "connect passes to a listener over IPv4 and IPv6; noConnect passes on a refused port and from a host with no way back"() {
        given:
        Applier.up(new ScriptRunner().load(script.toPath()))
        def log = startServer()

        when:
        def out = Cli.run('check', script.path)
        def lines = out.out.readLines()

        then:
        out.rc == 0
        lines[0].split(/\s+/) as List == ['FROM', 'TO', 'EXPECT', 'RESULT', 'TIME', 'WHERE', 'DETAIL']
        lines[2] ==~ /client\s+10\.40\.0\.2:8080\s+connect\s+pass\s+\d+\.\d{3} ms\s+\S+:11/
        lines[3] ==~ /client\s+\[fd40::2\]:8080\s+connect\s+pass\s+\d+\.\d{3} ms\s+\S+:12/
        lines[4] ==~ /client\s+10\.40\.0\.2:9\s+noConnect\s+pass\s+-\s+\S+:13/
        lines[5] ==~ /outsider\s+10\.41\.0\.2:8080\s+noConnect\s+pass\s+-\s+\S+:14/
        lines[6] == '5 expectations passed'

        and: 'the server saw the connections come from the client, over both families'
        eventually { log.text.contains('accepted from ::ffff:10.40.0.1') && log.text.contains('accepted from fd40::1') }
        !log.text.contains('10.99.0.3')

        cleanup:
        log?.delete()
    }

    def "a failed connect says why: refused when nothing listens (and doctor says so), no answer when the way back is missing"() {
        given: 'no server at all, and the expectations turned around'
        script.text = LAB.replace("noConnect 'outsider'", "connect 'outsider'")
        Applier.up(new ScriptRunner().load(script.toPath()))

        when:
        def out = Cli.run('check', script.path)

        then:
        out.rc == 1
        out.out.readLines().find { it.contains(':11') } ==~ /client\s+10\.40\.0\.2:8080\s+connect\s+FAIL\s+-\s+\S+:11\s+refused \(RST\): nothing listens on port 8080 \(3 connects tried\)/
        out.out.readLines().find { it.contains(':14') } ==~ /outsider\s+10\.41\.0\.2:8080\s+connect\s+FAIL\s+-\s+\S+:14\s+no answer within 2000 ms.*/
        out.out.contains('3 of 5 expectations failed')

        when:
        def doc = Cli.run('doctor', script.path)

        then:
        doc.rc == 1
        doc.out.contains(":11: connect 'client' to 10.40.0.2:8080 is refused: 10.40.0.2 answered with a reset (RST), so the path works, but nothing listens on TCP port 8080 in namespace 'srv'")
        doc.out.readLines().any { it.contains(":14: connect 'outsider' to 10.41.0.2:8080") }
    }
}
