package dev.nslab.dsl

import dev.nslab.model.Topology
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Tag

import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path

/**
 * Input at the limits: a script too large to read, a lab of 100 000 namespaces, and random
 * scripts. ScriptRunnerSpec holds the corpus of wrong scripts with their exact messages; this
 * spec holds what a corpus cannot: sizes, and properties checked on random input.
 */
@Tag('plain-jvm')
class BadInputSpec extends Specification {
    @TempDir
    Path dir

    def "a 10 MB script is refused at line 1 without being read"() {
        given:
        def f = dir.resolve('huge.netns.groovy')
        def line = "// " + 'x' * 1020 + "\n"
        Files.writeString(f, line * (10 * 1024))
        long heapBefore = usedHeap()

        when:
        new ScriptRunner().load(f)

        then:
        def e = thrown(DslException)
        e.message == "${f}:1: the script is ${Files.size(f)} bytes, more than the 4 MiB nslab reads: generate a large lab with a loop in the script".toString()
        usedHeap() - heapBefore < 8 << 20
    }

    def "a script given as text over the limit is refused the same way"() {
        when:
        new ScriptRunner().load('big.netns.groovy', ' ' * (5 << 20))

        then:
        def e = thrown(DslException)
        e.message.startsWith('big.netns.groovy:1: the script is 5242880 bytes')
    }

    def "100 000 declared namespaces are loaded and validated in bounded memory and time"() {
        given:
        def script = '''
            (0..<100000).each { i -> namespace("n$i") }
            namespace('n5') { veth 'eth0' addr '10.0.0.1/24' peer 'eth0' netns 'n6' addr '10.0.0.2/24' }
        '''
        long heapBefore = usedHeap()
        long t0 = System.nanoTime()

        when:
        Topology t = new ScriptRunner().load('many.netns.groovy', script)
        long millis = (System.nanoTime() - t0) / 1_000_000
        long heapMiB = (usedHeap() - heapBefore) >> 20
        println "100 000 namespaces: loaded and validated in $millis ms; heap held by the topology: $heapMiB MiB"

        then:
        t.declaredNamespaces().size() == 100_000
        heapMiB < 256
        millis < 30_000

        when: 'the same with a wrong link name at the end: refused at its line'
        new ScriptRunner().load('many.netns.groovy', script + "namespace('n99999') { veth 'a/b' peer 'p' }\n")

        then:
        def e = thrown(DslException)
        e.message.startsWith("many.netns.groovy:4: interface name 'a/b'")
    }

    /**
     * Random scripts built from pieces that are sometimes right and sometimes wrong: names
     * (valid, too long, with '/', '..', spaces, empty), addresses (valid, out of range, without
     * length, mixed families), references to namespaces and bridges that may not exist, and Groovy
     * errors. Whatever the script, the runner either returns a valid topology or throws a
     * DslException at a line of the script; nothing else ever escapes.
     */
    def "random scripts: every one is accepted or refused with FILE:LINE, never with another exception"() {
        given:
        long seed = Long.getLong('nslab.fuzz.seed', System.nanoTime())
        def random = new Random(seed)
        def runner = new ScriptRunner()
        int accepted = 0, refused = 0

        when:
        2000.times { i ->
            def lines = (1..(1 + random.nextInt(6))).collect { randomLine(random) }
            def text = lines.join('\n')
            try {
                Topology t = runner.load('fuzz.netns.groovy', text)
                accepted++
                t.declaredNamespaces().each { assert it.name() ==~ dev.nslab.model.Names.NAMESPACE : "seed $seed: accepted bad name in:\n$text" }
                t.links().each { l -> l.ends().each { assert it.name() ==~ dev.nslab.model.Names.INTERFACE : "seed $seed: accepted bad name in:\n$text" } }
            } catch (DslException e) {
                refused++
                def m = e.message =~ /^fuzz\.netns\.groovy:(\d+): \S.*/
                assert m.find() : "seed $seed: message without FILE:LINE: ${e.message}\nscript:\n$text"
                int line = m.group(1) as int
                assert line >= 0 && line <= lines.size() : "seed $seed: line $line out of 1..${lines.size()}: ${e.message}\nscript:\n$text"
            } catch (Throwable other) {
                throw new AssertionError("seed $seed: ${other} for script:\n$text", other)
            }
        }
        println "random scripts (seed $seed): $accepted accepted, $refused refused"

        then: 'both outcomes happened'
        accepted > 50
        refused > 50
    }

    private static final List<String> NAMES = ['h1', 'h2', 'br0', 'eth0', 'a' * 15, 'a' * 16, 'a/b', '..', 'x y', '', 'host', '-x',
                                               'n.1', 'ü', 'p%d', '9lives']
    private static final List<String> ADDRS = ['10.0.0.1/24', '10.0.0.2/24', '10.0.0.1/24', 'fd00::1/64', '10.0.0.300/24',
                                               '10.0.0.1', '10.0.0.1/33', '0.0.0.0/0', '224.0.0.1/4', 'fe80::1/64', 'nonsense']

    private static String randomLine(Random r) {
        String n = NAMES[r.nextInt(NAMES.size())]
        String m = NAMES[r.nextInt(NAMES.size())]
        String a = ADDRS[r.nextInt(ADDRS.size())]
        String b = ADDRS[r.nextInt(ADDRS.size())]
        switch (r.nextInt(12)) {
            case 0: return "namespace('$n')"
            case 1: return "namespace('$n') { veth '$m' addr '$a' peer 'eth0' }"
            case 2: return "veth '$n' addr '$a' peer '$m' netns 'h1' addr '$b'"
            case 3: return "bridge '$n' addr '$a'"
            case 4: return "veth '$n' peer '$m' master 'br0'"
            case 5: return "namespace('h1') { route 'default' via '${a.split('/')[0]}' }"
            case 6: return "ping '$n' to '${a.split('/')[0]}'"
            case 7: return "sysctl 'net.ipv4.ip_forward', ${r.nextInt(3)}"
            case 8: return "tap '$n'"
            case 9: return "veth '$n' mtu ${r.nextInt(70000)} peer '$m'"
            case 10: return ['veth(', "bridge 'br0' stp", 'throw new RuntimeException("x")', "vet 'a'", '1 / 0', 'def x = ; '][r.nextInt(6)]
            default: return "namespace('$n') { veth 'eth0' addr '$a' peer 'eth0' netns '$m' addr '$b' }"
        }
    }

    private static long usedHeap() {
        3.times { System.gc() }
        ManagementFactory.memoryMXBean.heapMemoryUsage.used
    }
}
