package dev.nslab.dsl

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Tag

import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path

/**
 * docs/dsl.md, the GDSL (IntelliJ) and the DSLD (Eclipse) name every word of the language, so
 * none can drift: the words are found by reflection over the DSL's classes (every public
 * builder of dev.nslab.dsl, NslabScript and Declarations), so a word added to the code without
 * its documentation fails here. The contract's words (../shared/dsl-spec.md, versions 1 and 2)
 * are listed too, for those whose code lands from another branch.
 */
@Tag('plain-jvm')
class DslReferenceSpec extends Specification {

    static final Path REFERENCE = Path.of('docs/dsl.md')

    /** Every word of the contract, versions 1 and 2. */
    static final List<String> CONTRACT = [
            'lab', 'namespace', 'veth', 'peer', 'addr', 'mtu', 'mac', 'master', 'down', 'netns',
            'bridge', 'stp', 'forwardDelay', 'macvlan', 'parent', 'mode', 'vxlan', 'id', 'remote', 'local',
            'group', 'dstport', 'dev', 'tap', 'uplink', 'route', 'via', 'sysctl', 'spawn', 'ping', 'noPing', 'to',
            'param', 'rate', 'delay', 'jitter', 'loss', 'duplicate', 'corrupt', 'reorder', 'queue',
            'ready', 'within', 'connect', 'noConnect']

    @Shared
    String reference = Files.readString(REFERENCE)
    @Shared
    Map<String, String> sections = sectionsOf(reference)
    @Shared
    String gdsl = resource('/dev/nslab/dsl/nslab.gdsl')
    @Shared
    String dsld = resource('/dsld/nslab.dsld')

    /** The DSL's classes, found in the directory or jar NslabScript was loaded from, so new builders are seen. */
    static List<Class<?>> dslClasses() {
        Path classes = Path.of(NslabScript.protectionDomain.codeSource.location.toURI()).resolve('dev/nslab/dsl')
        Files.list(classes).withCloseable { files ->
            files.map { it.fileName.toString() }
                    .filter { it.endsWith('.class') && !it.contains('$') }
                    .map { Class.forName('dev.nslab.dsl.' + it.replace('.class', '')) }
                    .filter { Modifier.isPublic(it.modifiers) }
                    .filter { Spec.isAssignableFrom(it) || it == NslabScript || it == Declarations }
                    .toList()
        }
    }

    static Map<String, Set<String>> wordsByClass() {
        dslClasses().collectEntries { [(it.simpleName): Words.names(it)] }
    }

    static Set<String> codeWords() {
        wordsByClass().values().flatten() as Set<String>
    }

    /** {@code ### `word`} headings and the text under each, up to the next heading. */
    static Map<String, String> sectionsOf(String text) {
        Map<String, String> found = [:]
        String word = null
        StringBuilder body = null
        text.eachLine { line ->
            if (line.startsWith('#')) {
                if (word != null) {
                    found[word] = body.toString()
                }
                def m = line =~ /^### `(\w+)`$/
                word = m.matches() ? m.group(1) : null
                body = new StringBuilder()
            } else if (body != null) {
                body.append(line).append('\n')
            }
        }
        if (word != null) {
            found[word] = body.toString()
        }
        found
    }

    static String resource(String name) {
        URL url = NslabScript.getResource(name)
        assert url != null: "$name is not on the class path (src/main/resources$name)"
        url.getText('UTF-8')
    }

    def "the reflection finds the DSL's builders, the script and its declarations"() {
        expect:
        dslClasses()*.simpleName.containsAll(['NslabScript', 'Declarations', 'NamespaceSpec', 'VethSpec', 'VethPeerSpec',
                                              'BridgeSpec', 'MacvlanSpec', 'VxlanSpec', 'TapSpec', 'UplinkSpec',
                                              'RouteSpec', 'ExpectationSpec'])
        codeWords().containsAll(['veth', 'addr', 'forwardDelay', 'via', 'to', 'param'])
    }

    def "docs/dsl.md has a section for the word #word of #owner"() {
        expect:
        sections.containsKey(word)

        where:
        [owner, word] << wordsByClass().collectMany { owner, words -> words.collect { [owner, it] } }
    }

    def "docs/dsl.md has a section for the contract's word #word"() {
        expect:
        sections.containsKey(word)

        where:
        word << CONTRACT
    }

    def "the section of #word gives a meaning, an example, its ip/tc equivalent and its errors"() {
        given:
        String body = sections[word]

        expect:
        body.trim().readLines()[0].length() > 10
        body.contains('```groovy\n')
        body =~ /`(! )?(ip|tc) |No `ip` equivalent/
        body.contains('Errors')

        where:
        word << sections.keySet().toList()
    }

    def "no section documents a word the language does not have"() {
        expect:
        (sections.keySet() - CONTRACT - codeWords()).isEmpty()
    }

    def "the #name names the word #word"() {
        expect:
        text.contains("method name: '$word'")

        where:
        [name, text, word] << [['GDSL', 'DSLD'], [gdsl, dsld], (CONTRACT + codeWords()).unique()]
                .with { names, texts, words -> [names, texts].transpose().collectMany { n, t -> words.collect { [n, t, it] } } }
    }

    def "the #name is Groovy that compiles, and makes NslabScript the scripts' base"() {
        when:
        new GroovyShell().parse(text, name)

        then:
        noExceptionThrown()
        text.contains(base)

        where:
        name          | text | base
        'nslab.gdsl'  | gdsl | "superClass: 'dev.nslab.dsl.NslabScript'"
        'nslab.dsld'  | dsld | "delegatesTo type: P + 'NslabScript'"
    }

    def "the examples of docs/dsl.md's Links and Expectations sections load"() {
        given:
        Path dir = Files.createTempDirectory('dsl-reference')
        Path file = dir.resolve('ref.netns.groovy')
        Files.writeString(file, """
            bridge 'br0' addr '192.168.56.130/24' stp true forwardDelay 4
            namespace('h1') {
                veth 'eth0' addr '10.0.0.1/24' addr 'fd00::1/64' mtu 1400 peer 'eth0' netns 'h2' addr '10.0.0.2/24' mtu 1400
                tap 'tap0' mac '02:00:00:00:00:01' addr '10.5.0.1/24'
                macvlan 'mv0' parent 'eth0' mode 'bridge'
                vxlan 'vx42' id 42 local '10.0.0.1' remote '10.0.0.2' dstport 4789 dev 'eth0' addr '10.42.0.1/24'
                route '10.9.0.0/16' via '10.0.0.254'
                route '10.8.0.0/16' dev 'eth0'
                sysctl 'net.ipv4.ip_forward', 1
                spawn 'web', '/usr/bin/python3', '-m', 'http.server', '8080'
            }
            namespace('h2')
            namespace('ns1') { veth('eth0') { peer('h1-eth0') { master 'br0' } } }
            ping 'h1' to '10.0.0.2'
            noPing 'ns1' to '10.0.0.2'
            """.stripIndent())

        when:
        def lab = new ScriptRunner().load(file)

        then:
        lab.links().size() == 6

        cleanup:
        dir.toFile().deleteDir()
    }
}
