package com.example

import dev.nslab.api.Lab
import dev.nslab.spock.NetnsLab
import spock.lang.Specification

import java.time.Duration

@NetnsLab('echo.netns.groovy')
class EchoSpec extends Specification {
    def "a python echo server in one namespace answers a client in the other"(Lab lab) {
        given:
        def server = lab.spawn('server', 'python3', '-c', '''
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.1", 7001)); s.listen()
c, _ = s.accept(); c.sendall(b"echo:" + c.recv(100)); c.close()''').awaitReady(7001, Duration.ofSeconds(10))

        when:
        def reply = lab.call('client') {
            new Socket('10.0.0.1', 7001).withCloseable { s -> s.outputStream.write('spock'.bytes); new String(s.inputStream.readAllBytes()) }
        }
        println "SPOCK-ECHO $reply"

        then:
        reply == 'echo:spock'

        cleanup:
        server?.stop()
    }
}
