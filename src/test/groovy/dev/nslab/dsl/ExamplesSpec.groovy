package dev.nslab.dsl

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Tag

import java.nio.file.Files
import java.nio.file.Path

/** Every script in dsl-examples/ is loaded, so the examples users copy cannot rot. */
@Tag('plain-jvm')
class ExamplesSpec extends Specification {

    static final Path EXAMPLES = Path.of('dsl-examples')

    @Shared
    ScriptRunner runner = new ScriptRunner()

    def "the example #name loads into a lab called #lab"() {
        when:
        def topology = runner.load(EXAMPLES.resolve(name))

        then:
        topology.labName() == lab
        topology.declaredNamespaces().size() == namespaces
        topology.links().size() == links
        topology.expectations().size() == expectations

        where:
        name                          | lab             | namespaces | links | expectations
        'seed-bridge.netns.groovy'    | 'seed-bridge'   | 1          | 2     | 0
        'routed.netns.groovy'         | 'routed'        | 2          | 2     | 3
        'star.netns.groovy'           | 'star'          | 50         | 51    | 2
        'vxlan-overlay.netns.groovy'  | 'vxlan-overlay' | 2          | 3     | 2
        'two-hosts.netns.groovy'      | 'two-hosts'     | 2          | 1     | 1
        'router.netns.groovy'         | 'router'        | 3          | 2     | 2
    }

    def "the table above covers every example"() {
        expect:
        Files.list(EXAMPLES).withCloseable { files -> files.map { it.fileName.toString() }.sorted().toList() } ==
                ['routed.netns.groovy', 'router.netns.groovy', 'seed-bridge.netns.groovy', 'star.netns.groovy',
                 'two-hosts.netns.groovy', 'vxlan-overlay.netns.groovy']
    }
}
