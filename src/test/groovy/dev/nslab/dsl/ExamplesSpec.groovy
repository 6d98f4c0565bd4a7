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
        'teaching/linuxrouter.netns.groovy' | 'linuxrouter' | 7        | 9     | 4
        'teaching/chain.netns.groovy' | 'chain'         | 4          | 3     | 3
        'teaching/broken.netns.groovy' | 'broken'       | 4          | 3     | 2
        'wan.netns.groovy'            | 'wan'           | 4          | 3     | 3
        'web.netns.groovy'            | 'web'           | 3          | 2     | 5
    }

    def "the table above covers every example"() {
        expect:
        Files.walk(EXAMPLES).withCloseable { files ->
            files.map { EXAMPLES.relativize(it).toString() }.filter { it.endsWith('.netns.groovy') }.sorted().toList()
        } == ['routed.netns.groovy', 'router.netns.groovy', 'seed-bridge.netns.groovy', 'star.netns.groovy',
              'teaching/broken.netns.groovy', 'teaching/chain.netns.groovy', 'teaching/linuxrouter.netns.groovy',
              'two-hosts.netns.groovy', 'vxlan-overlay.netns.groovy', 'wan.netns.groovy', 'web.netns.groovy']
    }

    def "the star example addresses #hosts hosts, each once, inside 10.0.0.0/16"() {
        when:
        def topology = runner.load(EXAMPLES.resolve('star.netns.groovy'), [hosts: hosts as String])
        def addresses = topology.links().findAll { it.namespace() != 'host' }.collect { it.attrs().addresses()[0].toString() }

        then:
        addresses.size() == hosts
        addresses.toSet().size() == hosts
        addresses.every { it ==~ /10\.0\.\d{1,3}\.\d{1,3}\/16/ && it.split('[./]')[2..3].every { (it as int) <= 255 } }
        addresses.first() == '10.0.0.2/16'
        addresses.last() == last

        where:
        hosts | last
        254   | '10.0.0.255/16'
        255   | '10.0.1.0/16'
        300   | '10.0.1.45/16'
        1000  | '10.0.3.233/16'
    }

    def "the benchmark's star keeps the peers' addresses, and refuses a size they cannot address"() {
        when:
        def lab = dev.nslab.sys.Environment.serving([STAR_N: '251'], false) { runner.load(Path.of('bench/star.netns.groovy')) }

        then:
        lab.links().find { it.name() == 'pbp251' }.attrs().addresses()*.toString() == ['10.200.1.2/16']

        when:
        dev.nslab.sys.Environment.serving([STAR_N: '64000'], false) { runner.load(Path.of('bench/star.netns.groovy')) }

        then:
        def e = thrown(DslException)
        e.message == "bench/star.netns.groovy:15: IllegalArgumentException: STAR_N=64000: give 1 to 63999 (the peers' addresses end at 10.200.255.250)"
    }
}
