package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import dev.nslab.testing.Residue
import dev.nslab.testing.ResidueCheck
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Labs changed by several processes at once: different labs never disturb each other; the same
 * lab is changed by one process at a time: the other waits for it (saying once for whom) up to
 * its --wait, then fails naming the holder.
 */
class ConcurrencySpec extends Specification {
    List<Path> files = []
    static List<Process> children = []

    def cleanup() {
        children.each { if (it.alive) { it.destroyForcibly(); it.waitFor() } }
        children.clear()
        Labs.labs().each { Applier.down(it) }
        files.each { Files.deleteIfExists(it) }
    }

    private Path script(String name, String text) {
        def f = Files.createTempDirectory('conc').resolve(name + '.netns.groovy')
        Files.writeString(f, text)
        files << f
        f
    }

    private static String lab(String p) {
        """\
        bridge '${p}br' addr '10.${p == 'la' ? 70 : 71}.0.1/24'
        namespace('${p}1') { veth 'eth0' addr '10.${p == 'la' ? 70 : 71}.0.2/24' peer '${p}1-p' master '${p}br' }
        namespace('${p}2') { veth 'eth0' addr '10.${p == 'la' ? 70 : 71}.0.3/24' peer '${p}2-p' master '${p}br'
                             route 'default' via '10.${p == 'la' ? 70 : 71}.0.1' }
        """.stripIndent()
    }

    private static Process child(String mainClass, List<String> args, Map<String, String> env = [:]) {
        def java = ProcessHandle.current().info().command().get()
        def pb = new ProcessBuilder([java, '-cp', System.getProperty('java.class.path'), mainClass] + args)
        pb.environment().putAll(env)
        def p = pb.start()
        children << p
        p
    }

    private static Map finish(Process p) {
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    def "two different labs brought up and down in parallel 50 times each do not disturb each other"() {
        given:
        def host = Residue.take()
        def a = script('la', lab('la'))
        def b = script('lb', lab('lb'))

        when:
        def pa = child('dev.nslab.testing.Cycles', [a.toString(), '50'])
        def pb = child('dev.nslab.testing.Cycles', [b.toString(), '50'])
        def ra = finish(pa)
        def rb = finish(pb)

        then:
        ra.rc == 0 && ra.out.contains('done ok=50 busy=0')
        rb.rc == 0 && rb.out.contains('done ok=50 busy=0')
        ResidueCheck.settle(host) == []
    }

    def "a second up of a busy lab waits for it, saying once for whom, and goes on when the first is done"() {
        given: 'a first run paused (holding the lab) after its first change'
        def f = script('same', lab('la'))
        def first = pausedAt(f, 2)

        when: 'a second up starts, says it waits, and the first is then killed'
        def second = child('dev.nslab.cli.Main', ['up', f.toString()])
        def secondErr = new BufferedReader(new InputStreamReader(second.errorStream))
        String said = secondErr.readLine()
        Ip.run(['kill', '-KILL', first.pid().toString()])
        first.waitFor(10, TimeUnit.SECONDS)
        [first.inputStream, first.errorStream, first.outputStream]*.close()
        String rest = secondErr.text
        second.waitFor(60, TimeUnit.SECONDS)

        then: 'it said so once, then brought the lab up'
        said == "nslab: WARN waiting for lab same, being changed by PID ${first.pid()}".toString()
        !rest.contains('waiting for lab')
        second.exitValue() == 0
        Ip.netns().toSet() == ['la1', 'la2'] as Set
    }

    def "a second down of a busy lab waits up to --wait, then fails naming the holder"() {
        given:
        def f = script('same', lab('la'))
        def first = pausedAt(f, 2)

        when:
        long t0 = System.nanoTime()
        def second = finish(child('dev.nslab.cli.Main', ['down', '--wait', '2', 'same']))
        long tookMillis = (System.nanoTime() - t0) / 1_000_000

        then:
        second.rc == 1
        second.err.readLines() == ["nslab: WARN waiting for lab same, being changed by PID ${first.pid()}".toString(),
                                   "nslab: lab same is being changed by PID ${first.pid()}: wait for it to finish, then run again".toString()]
        tookMillis >= 2_000

        cleanup:
        Ip.run(['kill', '-KILL', first.pid().toString()])
        first.waitFor(10, TimeUnit.SECONDS)
        [first.inputStream, first.errorStream, first.outputStream]*.close()
    }

    /** nslab up FILE in a child, paused at step K (holding the lab). */
    private static Process pausedAt(Path f, int k) {
        def first = child('dev.nslab.cli.Main', ['up', f.toString()], [NSLAB_PAUSE_AT: k.toString()])
        def firstErr = new BufferedReader(new InputStreamReader(first.errorStream))
        String line
        List<String> said = []
        while ((line = firstErr.readLine()) != null && !line.startsWith("nslab: paused at step $k")) {
            said << line
        }
        assert line != null : "the first run ended before its step $k: $said"
        first
    }

    def "the same lab from a second process with --wait 0 fails at once, naming the process that holds it"() {
        given: 'a first run paused (holding the lab) after its first change'
        def f = script('same', lab('la'))
        def first = child('dev.nslab.cli.Main', ['up', f.toString()], [NSLAB_PAUSE_AT: '2'])
        def firstErr = new BufferedReader(new InputStreamReader(first.errorStream))
        String line
        List<String> said = []
        while ((line = firstErr.readLine()) != null && !line.startsWith('nslab: paused at step 2')) {
            said << line
        }
        assert line != null : "the first run ended before its second step: $said"

        when:
        long t0 = System.nanoTime()
        def second = finish(child('dev.nslab.cli.Main', ['up', '--wait', '0', f.toString()]))
        long tookMillis = (System.nanoTime() - t0) / 1_000_000

        then:
        second.rc == 1
        second.err.trim() == "nslab: lab same is being changed by PID ${first.pid()}: wait for it to finish, then run again".toString()
        // no "waiting for" line above, and less than the default wait: a JVM's start alone took 18 s at load 28
        tookMillis < 60_000

        when: 'the first is killed, the lock goes with it'
        Ip.run(['kill', '-KILL', first.pid().toString()])
        first.waitFor(10, TimeUnit.SECONDS)
        [first.inputStream, first.errorStream, first.outputStream]*.close()
        def third = finish(child('dev.nslab.cli.Main', ['up', f.toString()]))

        then:
        third.rc == 0
        Ip.netns().toSet() == ['la1', 'la2'] as Set
    }

    def "two processes changing the same lab 30 times each: a step is refused while the other holds the lab, and all complete in turn"() {
        given:
        def host = Residue.take()
        def f = script('contended', lab('la'))

        when: 'each brings the lab up and down 30 times, trying a refused step again'
        def pa = child('dev.nslab.testing.Cycles', [f.toString(), '30'])
        def pb = child('dev.nslab.testing.Cycles', [f.toString(), '30'])
        def ra = finish(pa)
        def rb = finish(pb)
        def counts = [ra, rb].collect { r -> (r.out =~ /done ok=(\d+) busy=(\d+)/).with { it.find() ? [it.group(1) as int, it.group(2) as int] : null } }

        then: 'no step failed for any other reason (an EEXIST or a vanished namespace would show a second writer at once)'
        ra.rc == 0 && rb.rc == 0
        counts.every { it != null && it[0] == 30 }

        and: 'they did collide'
        counts.sum { it[1] } >= 1

        and:
        ResidueCheck.settle(host) == []
    }
}
