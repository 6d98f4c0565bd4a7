package dev.nslab.doctor

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.dsl.ScriptRunner
import dev.nslab.model.Topology
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** The doctor names a link's declared shaping as the reason a ping fails. */
class DoctorShapingSpec extends Specification {
    Path dir = Files.createTempDirectory('nslab-doctor-shaping')

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    private Topology script(String name, String text) {
        def file = dir.resolve(name + '.netns.groovy')
        file.toFile().text = text
        new ScriptRunner().load(file)
    }

    private static List<String> doctor(Topology lab) {
        Doctor.diagnose(lab, Observer.observe(lab))*.toString()
    }

    def "a tbf whose bucket is smaller than one echo: iputils' ping fails for real, and the doctor says why"() {
        given:
        def lab = script('bucket', """namespace('a') { veth 'eth0' addr '10.7.0.1/24' rate '1mbit' burst '64b' peer 'eth0' netns 'b' addr '10.7.0.2/24' }
namespace 'b'
ping 'a' to '10.7.0.2'
""")
        Applier.up(lab)

        expect:
        Ip.status(['ip', 'netns', 'exec', 'a', 'ping', '-c', '1', '-w', '2', '10.7.0.2']) != 0
        doctor(lab) == ["${lab.file()}:3: ping 'a' to 10.7.0.2: leaves through eth0 (a), whose tbf bucket burst '64b' (${lab.file()}:1)"
                                + " is smaller than one echo (98 bytes on the wire): tbf drops every packet larger than its bucket; raise the burst"]
    }

    def "a declared loss of 100%, a netem rate too slow for one echo, and a delay too long for a check's wait are named, with the line that says them"() {
        given: 'the lab as it runs (this kernel may lack netem), and the script that declares the impairment'
        def plain = script('lossy', """namespace('a') { veth 'eth0' addr '10.8.0.1/24' peer 'eth0' netns 'b' addr '10.8.0.2/24' }
namespace 'b'
ping 'a' to '10.8.0.2'
""")
        Applier.up(plain)
        def lossy = script('lossy', plain.file() == null ? '' : new File(plain.file()).text.replace("peer 'eth0' netns 'b' addr '10.8.0.2/24'",
                "peer 'eth0' netns 'b' addr '10.8.0.2/24' ${words}"))

        expect:
        Ip.status(['ip', 'netns', 'exec', 'a', 'ping', '-c', '1', '-w', '2', '10.8.0.2']) == 0
        doctor(lossy) == ["${lossy.file()}:3: ping 'a' to 10.8.0.2: the reply leaves through eth0 (b), whose ${reason.replace('LOC', lossy.file() + ':1')}".toString()]

        where:
        words                              | reason
        "loss '100%'"                      | "script drops every packet it sends: loss '100%' (LOC); lower the loss"
        "rate '700bit' delay '1ms'"        | "rate '700bit' (LOC) takes 1120ms to send one echo (98 bytes) on top of its delay '1ms', longer than the 1s a check waits for the reply: raise the rate"
        "delay '600ms'"                    | "delay '600ms' (LOC) is half or more of the 1s a check waits for a round trip: lower it"
    }
}
