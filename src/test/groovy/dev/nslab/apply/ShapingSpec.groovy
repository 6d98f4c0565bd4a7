package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.api.Nslab
import dev.nslab.cli.Cli
import dev.nslab.dsl.ScriptRunner
import dev.nslab.model.Shape
import dev.nslab.model.Topology
import dev.nslab.testing.Ip
import groovy.json.JsonSlurper
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Shaping for real, proven by witnesses: {@code tc -j qdisc show} for what is installed, iperf3
 * between two namespaces for what a rate does.
 */
class ShapingSpec extends Specification {

    @TempDir
    Path dir

    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    Topology lab(String h1Words, String h2Words = '') {
        Path f = dir.resolve('wan.netns.groovy')
        Files.writeString(f, """namespace 'h2'
namespace('h1') {
    veth 'eth0' addr '10.0.0.1/24' ${h1Words} peer 'eth0' netns 'h2' addr '10.0.0.2/24' ${h2Words}
}
""")
        new ScriptRunner().load(f)
    }

    static List<Map> tc(String ns) {
        new JsonSlurper().parseText(Ip.run(['tc', '-n', ns, '-j', 'qdisc', 'show', 'dev', 'eth0']) ?: '[]') as List<Map>
    }

    def "a rate is a tbf that tc shows with tc-tbf(8)'s burst; a re-run writes nothing; a changed word replaces only the qdisc; a removed word removes it"() {
        when:
        Applier.up(lab("rate '20mbit'", "rate '5mbit' latency '100ms'"))

        then: "tc reads back what the words say, on each end"
        tc('h1').size() == 1
        tc('h1')[0].kind == 'tbf'
        tc('h1')[0].root == true
        tc('h1')[0].options.rate == 2_500_000
        tc('h1')[0].options.burst == 20_000
        tc('h1')[0].options.lat == 50_000
        tc('h2')[0].options.rate == 625_000
        tc('h2')[0].options.lat == 100_000

        when: "the same script again"
        def dumpBefore = tc('h1') + tc('h2')
        def handleBefore = tc('h1')[0].handle
        def again = Applier.up(lab("rate '20mbit'", "rate '5mbit' latency '100ms'"))

        then: "no netlink write, the qdiscs untouched (a replaced one would get a new handle)"
        again.plan().isEmpty()
        again.requests() == 0
        tc('h1') + tc('h2') == dumpBefore

        when: "one word changes"
        int ifindex = Ip.link('h1', 'eth0').ifindex
        def changed = Applier.up(lab("rate '10mbit'", "rate '5mbit' latency '100ms'"))

        then: "one request: that end's qdisc, the link kept"
        changed.requests() == 1
        changed.plan().changes().collect { dev.nslab.plan.IpText.batchLine(it) } == ['qdisc replace dev eth0 root tbf rate 10mbit burst 10000b latency 50ms']
        tc('h1')[0].options.rate == 1_250_000
        Ip.link('h1', 'eth0').ifindex == ifindex
        tc('h2') == dumpBefore.subList(1, 2)

        when: "the words are removed"
        def removed = Applier.up(lab('', ''))

        then: "the qdiscs go: the ends are back to the kernel's default"
        removed.requests() == 2
        !(tc('h1') + tc('h2')).any { it.kind in ['tbf', 'netem'] }
        handleBefore != null
    }

    def "plan prints the shaping as tc -batch lines per namespace, which tc itself accepts"() {
        given:
        Path f = dir.resolve('wan.netns.groovy')
        lab("rate '20mbit'")
        Applier.up(lab(''))

        when:
        Files.writeString(f, Files.readString(f).replace("addr '10.0.0.1/24'", "addr '10.0.0.1/24' rate '20mbit' queue 100"))
        def r = Cli.run('plan', '--explain', f.toString())
        def lines = r.out.readLines()

        then:
        r.rc == 0
        lines[0] == '# tc -n h1 -batch -'
        lines[1] == 'qdisc replace dev eth0 root tbf rate 20mbit burst 20000b limit 151400b'
        lines[2] == "    # ${f}:3: limits what eth0 sends to 20mbit with a token bucket (tbf): up to 20000 bytes pass at once, and at most 100 full-size packets wait"

        when: "tc runs the block"
        def batch = dir.resolve('h1.tc')
        Files.writeString(batch, lines[1] + '\n')
        Ip.run(['tc', '-n', 'h1', '-batch', batch.toString()])

        then:
        tc('h1')[0].kind == 'tbf'
        tc('h1')[0].options.rate == 2_500_000
        Applier.plan(new ScriptRunner().load(f)).isEmpty()
    }

    def "nslab shape changes an end at run time, --clear removes it, and a later up puts the script's words back"() {
        given:
        Path f = dir.resolve('wan.netns.groovy')
        Applier.up(lab("rate '20mbit'"))

        when:
        def r = Cli.run('shape', 'wan', 'h1', 'eth0', '--rate', '5mbit')

        then:
        r.rc == 0
        tc('h1')[0].options.rate == 625_000

        when:
        r = Cli.run('shape', 'wan', 'h2', 'eth0', '--rate', '1mbit', '--burst', '4kb')

        then:
        tc('h2')[0].options.rate == 125_000
        tc('h2')[0].options.burst == 4096

        when:
        r = Cli.run('shape', 'wan', 'h2', 'eth0', '--clear')

        then:
        r.rc == 0
        !tc('h2').any { it.kind == 'tbf' }

        when:
        def up = Applier.up(new ScriptRunner().load(f))

        then:
        up.requests() == 1
        tc('h1')[0].options.rate == 2_500_000
    }

    def "Lab.shape shapes an end between two assertions of a test; Shape.NONE removes it"() {
        given:
        def lab = Nslab.up('api-shape.netns.groovy', "namespace 'h2'\nnamespace('h1') {\n"
                + "  veth 'eth0' addr '10.0.0.1/24' peer 'eth0' netns 'h2' addr '10.0.0.2/24'\n}\n")

        when:
        lab.shape('h1', 'eth0', Shape.NONE.withRate(5_000_000L))

        then:
        tc('h1')[0].kind == 'tbf'
        tc('h1')[0].options.rate == 625_000

        when:
        lab.shape('h1', 'eth0', Shape.NONE)

        then:
        !tc('h1').any { it.kind == 'tbf' }

        cleanup:
        lab?.close()
    }

    def "nslab shape refuses what it cannot do, changing nothing"() {
        given:
        Applier.up(lab(''))

        expect:
        Cli.run('shape', 'wan', 'h1', 'eth9', '--rate', '5mbit').with { rc == 1 && err.contains("no interface 'eth9' in namespace 'h1'") }
        Cli.run('shape', 'wan', 'h1', 'eth0', '--rate', '5MB').with { rc == 2 && err.contains("--rate '5MB' is not a rate like '20mbit'") }
        Cli.run('shape', 'wan', 'h1', 'eth0').with { rc == 2 && err.contains('say how to shape') }
        Cli.run('shape', 'nolab', 'h1', 'eth0', '--rate', '5mbit').with { rc == 1 && err.contains('no lab nolab; labs here: wan') }
        !tc('h1').any { it.kind == 'tbf' }
    }

    @Requires(value = { !ShapingSpec.hasNetem() }, reason = 'this kernel has sch_netem: the missing-qdisc path cannot be met here')
    def "a kernel without netem: up names the qdisc, its module and the script line, exits 1, and undoes the whole run"() {
        given:
        Path f = dir.resolve('wan.netns.groovy')
        lab("delay '40ms' loss '1%'")

        when:
        def r = Cli.run('up', f.toString())

        then:
        r.rc == 1
        r.err.contains("${f}:3: this kernel has no netem qdisc (kernel module sch_netem): "
                + "'tc -n h1 qdisc replace dev eth0 root netem delay 40ms loss 1% limit 1000' was refused: Specified qdisc kind is unknown."
                + " Load it (modprobe sch_netem), or use a kernel built with it; rate alone needs no netem (a tbf)")
        Ip.netns() == []
        Labs.labs() == []
    }

    @Requires(value = { ShapingSpec.hasNetem() }, reason = 'this kernel has no sch_netem (tc qdisc add ... netem fails in a fresh namespace)')
    def "with netem: delay shows in ping's round trip"() {
        given:
        Applier.up(lab("delay '50ms'"))

        when:
        def out = Ip.run(['ip', 'netns', 'exec', 'h1', 'ping', '-c', '3', '-i', '0.2', '10.0.0.2'])
        def rtt = (out =~ /= [\d.]+\/([\d.]+)\//)[0][1] as double

        then:
        tc('h1')[0].kind == 'netem'
        rtt >= 50
    }

    def "iperf3 measures a 20mbit and a 5mbit rate within 15%, and far more unshaped"() {
        when:
        Applier.up(lab(words))
        double mbit = iperf('h1', 'h2', '10.0.0.2') / 1e6

        then:
        check(mbit)

        where:
        words           | check
        "rate '20mbit'" | { double m -> Math.abs(m - 20) <= 3 }
        "rate '5mbit'"  | { double m -> Math.abs(m - 5) <= 0.75 }
        ''              | { double m -> m > 200 }
    }

    /** Bits per second the server received from a 3 s iperf3 TCP run, the first second (slow start) left out. */
    static double iperf(String client, String server, String address) {
        def s = new ProcessBuilder('ip', 'netns', 'exec', server, 'iperf3', '-s', '-1').redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
            while (true) {
                def c = new ProcessBuilder('ip', 'netns', 'exec', client, 'iperf3', '-c', address, '-t', '3', '-O', '1', '-J').start()
                String json = c.inputStream.text
                c.waitFor(30, TimeUnit.SECONDS)
                def result = new JsonSlurper().parseText(json) as Map
                if (result.error == null) {
                    return result.end.sum_received.bits_per_second as double
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("iperf3 never connected: " + result.error)
                }
                sleep(100) // the server is not listening yet
            }
        } finally {
            s.destroy()
            s.waitFor(5, TimeUnit.SECONDS)
        }
    }

    /** Probes a fresh network namespace: can a netem qdisc be made there? */
    static boolean hasNetem() {
        def p = new ProcessBuilder('unshare', '--net', 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms')
                .redirectErrorStream(true).start()
        p.inputStream.text
        p.waitFor() == 0
    }
}
