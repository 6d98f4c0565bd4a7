package dev.nslab.graph

import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.check.CheckSpec
import dev.nslab.cli.Cli
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

    /** Every example, those for teachers in dsl-examples/teaching/ too, as 'two-hosts' or 'teaching/chain'. */
    static final List<String> EXAMPLES = Files.walk(Paths.get('dsl-examples')).withCloseable { files ->
        files.map { Paths.get('dsl-examples').relativize(it).toString() }.filter { it.endsWith('.netns.groovy') }
                .map { it - '.netns.groovy' }.sorted().toList()
    }

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
        example << EXAMPLES
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
        example << EXAMPLES
    }

    def "a shaped cable carries its words at each shaped end, in DOT and in the drawing"() {
        when:
        def (rc, dot) = CheckSpec.run('graph', 'dsl-examples/wan.netns.groovy')
        def json = new groovy.json.JsonSlurper().parseText(pipe(['dot', '-Tjson'], dot)[1])
        def ends = json.edges.collectMany { [it.taillabel, it.headlabel] }.findAll { it }

        then:
        rc == 0
        ends.any { it.startsWith('wan') && it.contains('192.0.2.1/30') && it.contains('shaped 20mbit') }
        ends.any { it.startsWith('wan') && it.contains('192.0.2.2/30') && it.contains('shaped 20mbit') }
        !ends.any { it.startsWith('lan') && it.contains('shaped') }
    }

    def "the Mermaid parser used here does refuse broken Mermaid"() {
        expect:
        pipe(['node', MERMAID], 'flowchart LR\n  a[["x"]] -- \n')[0] == 1
    }

    def "the seed bridge lab as an SVG file: the host's box holds the switch br0 and eth0; each cable end is labelled"() {
        given:
        def file = Files.createTempDirectory('nslab-graph').resolve('seed.svg')

        when: '-o x.svg: the name chooses the format'
        def (rc, out) = CheckSpec.run('graph', 'dsl-examples/seed-bridge.netns.groovy', '-o', file.toString())
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
        texts.containsAll(['host', 'netns ns1', 'ns1', 'br0', 'switch', 'eth0', 'host device', 'veth2', '192.168.56.131/24',
                           'veth1', '192.168.56.130/24', 'uplink eth0'])
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
        upDot.contains('ns__h1 -- ns__h2 [taillabel="eth0\\n10.0.0.1/24\\nfd00::1/64", headlabel="eth0\\n10.0.0.2/24\\nfd00::2/64", label="UP", color="#2e7d32"')
        downDot.contains('ns__h1 -- ns__h2 [taillabel="eth0\\n10.0.0.1/24\\nfd00::1/64", headlabel="eth0\\n10.0.0.2/24\\nfd00::2/64", label="NO-CARRIER", color="#c62828", fontcolor="#c62828", labelfontcolor="#c62828", penwidth=2, style=dashed')
        downMermaid.contains('ns__h1 ---|"eth0 10.0.0.1/24 fd00::1/64 — eth0 10.0.0.2/24 fd00::2/64 [NO-CARRIER]"| ns__h2')
        downMermaid.contains('linkStyle 0 stroke:#c62828,stroke-dasharray:4')
        pipe(['node', MERMAID], downMermaid)[0] == 0
    }

    def "-o #name chooses the format from the file's name"() {
        given:
        def file = Files.createTempDirectory('nslab-graph').resolve(name)

        when:
        def r = Cli.run('graph', 'dsl-examples/router.netns.groovy', '-o', file.toString())
        byte[] bytes = Files.readAllBytes(file)

        then:
        r.rc == 0
        r.out == ''
        starts(bytes)

        where:
        name          | starts
        'router.png'  | { byte[] b -> b[0..7] == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]*.byteValue() }
        'router.svg'  | { byte[] b -> new String(b, 'UTF-8').contains('<svg') }
        'router.dot'  | { byte[] b -> new String(b, 'UTF-8').startsWith('graph "router" {') }
        'router.mmd'  | { byte[] b -> new String(b, 'UTF-8').startsWith('flowchart LR') }
        'router.txt'  | { byte[] b -> new String(b, 'UTF-8').startsWith('graph "router" {') }
    }

    def "a --format that contradicts -o's name, or png without -o, is a usage error (exit 2) that writes nothing"() {
        given:
        def dir = Files.createTempDirectory('nslab-graph')

        when:
        def r = Cli.run(['graph', 'dsl-examples/router.netns.groovy'] + args.collect { it.replace('DIR', dir.toString()) } as String[])

        then:
        r.rc == 2
        r.err.contains(message)
        Files.list(dir).count() == 0

        where:
        args                                    | message
        ['--format', 'dot', '-o', 'DIR/x.svg']  | 'x.svg: that name says svg; drop --format, or name the file .dot'
        ['--format', 'png']                     | '--format png writes a binary picture: give -o FILE.png'
    }

    def "an uplink is drawn with its live state: NO-CARRIER while the cable's other end is down, then UP"() {
        given: 'a device the lab did not create, moved into ns1 as an uplink'
        Ip.run(['ip', 'link', 'add', 'upl0', 'type', 'veth', 'peer', 'name', 'upl0p'])
        def script = Files.createTempDirectory('nslab-graph').resolve('uplinked.netns.groovy')
        Files.writeString(script, "namespace('ns1') { uplink 'upl0' addr '10.7.0.1/24' }\n")
        Applier.up(new ScriptRunner().load(script), true)

        when:
        def down = Cli.run('graph', 'uplinked').out
        Ip.run(['ip', 'link', 'set', 'upl0p', 'up'])
        def up = Cli.run('graph', 'uplinked').out

        then:
        down.contains('dev__ns1__upl0 -- ns__ns1 [taillabel="uplink upl0", headlabel="10.7.0.1/24", label="NO-CARRIER", color="#c62828"')
        up.contains('dev__ns1__upl0 -- ns__ns1 [taillabel="uplink upl0", headlabel="10.7.0.1/24", label="UP", color="#2e7d32"')
        down =~ /subgraph cluster_ns__ns1 \{[^}]*dev__ns1__upl0 \[label="upl0\\nhost device"/

        cleanup:
        Labs.labs().each { Applier.down(it) }
        Ip.run(['ip', 'link', 'del', 'upl0'])
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
