package dev.nslab.graph

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.check.CheckSpec
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import javax.xml.parsers.DocumentBuilderFactory
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths

/**
 * nslab graph: its DOT is accepted by Graphviz, its Mermaid by Mermaid's own parser
 * (src/test/mermaid, installed by .ci/test), its SVG is a real SVG file; live state is drawn.
 */
class GraphSpec extends Specification {
    def cleanup() {
        Labs.labs().each { Applier.down(it) }
    }

    /** Feeds {@code text} to a command; returns [exit status, stdout, stderr]. */
    static List pipe(List<String> cmd, String text) {
        def p = new ProcessBuilder(cmd).start()
        def out = new StringBuilder(), err = new StringBuilder()
        def writer = Thread.start { p.outputStream.withStream { it.write(text.getBytes('UTF-8')) } }
        p.waitForProcessOutput(out, err)   // returns once both streams are read to the end
        writer.join()
        [p.exitValue(), out.toString(), err.toString()]
    }

    static final String MERMAID = 'src/test/mermaid/parse.mjs'

    def "the DOT of #example is accepted by Graphviz's dot -Tsvg"() {
        when:
        def (rc, dot) = CheckSpec.run('graph', "dsl-examples/${example}.netns.groovy".toString())
        def (dotRc, svg, err) = pipe(['dot', '-Tsvg'], dot)

        then:
        rc == 0
        dotRc == 0
        err == ''
        svg.contains('<svg')

        where:
        example << ['seed-bridge', 'two-hosts', 'routed', 'router', 'star', 'vxlan-overlay', 'wan']
    }

    def "a shaped cable is labelled with its words at each shaped end"() {
        given:
        def file = Files.createTempDirectory('nslab-graph').resolve('wan.svg')

        when:
        def (rc, out) = CheckSpec.run('graph', 'dsl-examples/wan.netns.groovy', '--format', 'svg', '-o', file.toString())
        def factory = DocumentBuilderFactory.newInstance()
        factory.setFeature('http://apache.org/xml/features/nonvalidating/load-external-dtd', false)
        def textNodes = factory.newDocumentBuilder().parse(file.toFile()).documentElement.getElementsByTagName('text')
        def texts = (0..<textNodes.length).collect { textNodes.item(it).textContent }

        then:
        rc == 0
        texts.containsAll(['wan 192.0.2.1/30 shaped 20mbit (ra)', 'wan 192.0.2.2/30 shaped 20mbit (rb)'])
        !texts.any { it.startsWith('lan') && it.contains('shaped') }
    }

    def "the Mermaid of #example parses with Mermaid's own parser"() {
        given:
        assert new File('src/test/mermaid/node_modules/mermaid').isDirectory(): 'run .ci/test (it installs the Mermaid parser with npm ci)'

        when:
        def (rc, text) = CheckSpec.run('graph', "dsl-examples/${example}.netns.groovy".toString(), '--format', 'mermaid')
        def (parseRc, type, err) = pipe(['node', MERMAID], text)

        then:
        rc == 0
        parseRc == 0
        type.trim() == 'flowchart-v2'

        where:
        example << ['seed-bridge', 'two-hosts', 'routed', 'router', 'star', 'vxlan-overlay', 'wan']
    }

    def "a shaped cable is labelled with its words at each shaped end"() {
        given:
        def file = Files.createTempDirectory('nslab-graph').resolve('wan.svg')

        when:
        def (rc, out) = CheckSpec.run('graph', 'dsl-examples/wan.netns.groovy', '--format', 'svg', '-o', file.toString())
        def factory = DocumentBuilderFactory.newInstance()
        factory.setFeature('http://apache.org/xml/features/nonvalidating/load-external-dtd', false)
        def textNodes = factory.newDocumentBuilder().parse(file.toFile()).documentElement.getElementsByTagName('text')
        def texts = (0..<textNodes.length).collect { textNodes.item(it).textContent }

        then:
        rc == 0
        texts.containsAll(['wan 192.0.2.1/30 shaped 20mbit (ra)', 'wan 192.0.2.2/30 shaped 20mbit (rb)'])
        !texts.any { it.startsWith('lan') && it.contains('shaped') }
    }

    def "the Mermaid parser used here does refuse broken Mermaid"() {
        expect:
        pipe(['node', MERMAID], 'flowchart LR\n  a[["x"]] -- \n')[0] == 1
    }

    def "the seed bridge lab as an SVG file: the host, ns1, the switch br0, and the veth labelled with names and address"() {
        given:
        def file = Files.createTempDirectory('nslab-graph').resolve('seed.svg')

        when:
        def (rc, out) = CheckSpec.run('graph', 'dsl-examples/seed-bridge.netns.groovy', '--format', 'svg', '-o', file.toString())
        def factory = DocumentBuilderFactory.newInstance()
        factory.setFeature('http://apache.org/xml/features/nonvalidating/load-external-dtd', false)
        def svg = factory.newDocumentBuilder().parse(file.toFile()).documentElement
        def textNodes = svg.getElementsByTagName('text')
        def texts = (0..<textNodes.length).collect { textNodes.item(it).textContent }
        def polygons = svg.getElementsByTagName('polygon')

        then:
        rc == 0
        out == ''
        svg.tagName == 'svg'
        texts.containsAll(['host', 'ns1', 'br0', 'switch in host', 'eth0', 'veth2 192.168.56.131/24 (ns1)', 'veth1',
                           'br0 192.168.56.130/24 (host)'])
        (0..<polygons.length).any { polygons.item(it).getAttribute('fill') == '#cfe8ff' }  // the switch
    }

    def "drawn from a live lab, a link shows its state: green UP, red NO-CARRIER when a peer is down"() {
        given:
        Applier.up(new ScriptRunner().load(Paths.get('dsl-examples/two-hosts.netns.groovy')))

        when:
        def upDot = CheckSpec.run('graph', 'two-hosts')[1]
        Ip.run(['ip', '-n', 'h2', 'link', 'set', 'eth0', 'down'])
        def downDot = CheckSpec.run('graph', 'two-hosts')[1]
        def downMermaid = CheckSpec.run('graph', 'two-hosts', '--format', 'mermaid')[1]

        then:
        upDot.contains('ns_h1 -- ns_h2 [label="eth0 10.0.0.1/24 fd00::1/64 (h1)\\neth0 10.0.0.2/24 fd00::2/64 (h2)\\nUP", color="#2e7d32"')
        downDot.contains('ns_h1 -- ns_h2 [label="eth0 10.0.0.1/24 fd00::1/64 (h1)\\neth0 10.0.0.2/24 fd00::2/64 (h2)\\nNO-CARRIER", color="#c62828", fontcolor="#c62828", style=dashed')
        downMermaid.contains('ns_h1 ---|"eth0 10.0.0.1/24 fd00::1/64 — eth0 10.0.0.2/24 fd00::2/64 [NO-CARRIER]"| ns_h2')
        downMermaid.contains('linkStyle 0 stroke:#c62828,stroke-dasharray:4')
        pipe(['node', MERMAID], downMermaid)[0] == 0
    }

    def "--format svg without Graphviz says what to install"() {
        given: 'a PATH without dot'
        def empty = Files.createTempDirectory('nopath')

        when:
        def p = new ProcessBuilder(['sh', '-c', 'PATH=' + empty + ' exec "$0" "$@"', System.getProperty('java.home') + '/bin/java',
                                    '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main',
                                    'graph', 'dsl-examples/seed-bridge.netns.groovy', '--format', 'svg'])
                .redirectErrorStream(true).start()
        def text = p.inputStream.text
        p.waitFor()

        then:
        p.exitValue() == 1
        text.contains("nslab: graph --format svg needs Graphviz's 'dot' (Debian: apt-get install graphviz)")
    }
}
