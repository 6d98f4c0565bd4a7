package dev.nslab.dsl

import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.Phases
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * The disk cache of compiled scripts. The witness that an entry is really what runs is a planted
 * entry: bytecode compiled from another script under this script's key. When the runner uses it,
 * the topology is the planted script's; when the runner refuses it, the topology is the real one.
 * Every script text is unique to its feature, so the in-memory cache never answers first.
 */
class CompiledScriptCacheSpec extends Specification {

    @TempDir
    Path dir

    Path cacheDir

    def setup() {
        cacheDir = dir.resolve('cache')
    }

    def "a script loaded once is written to the cache, readable and writable by its owner alone"() {
        given:
        def text = unique("namespace('real')")

        when:
        def topology = new ScriptRunner(CompiledScriptCache.in(cacheDir)).load('x.netns.groovy', text)

        then:
        names(topology) == ['real']
        def entries = Files.list(cacheDir).toList()
        entries.size() == 1
        entries[0] == CompiledScriptCache.in(cacheDir).entryFor(text)
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)) == 'rwx------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(entries[0])) == 'rw-------'
    }

    def "the next runner runs the cached bytecode instead of compiling the text"() {
        given:
        def text = unique("namespace('real')")
        plant(text, "namespace('planted')")

        expect:
        names(new ScriptRunner(CompiledScriptCache.in(cacheDir)).load('x.netns.groovy', text)) == ['planted']
    }

    def "an entry anyone else could have written is ignored and the script compiled: #what"() {
        given:
        def text = unique("namespace('real')")
        def entry = plant(text, "namespace('planted')")
        spoil(entry, cacheDir)

        expect:
        names(new ScriptRunner(CompiledScriptCache.in(cacheDir)).load('x.netns.groovy', text)) == ['real']

        where:
        what                          | spoil
        'group-writable entry'        | { Path e, Path d -> Files.setPosixFilePermissions(e, PosixFilePermissions.fromString('rw-rw----')) }
        'world-writable entry'        | { Path e, Path d -> Files.setPosixFilePermissions(e, PosixFilePermissions.fromString('rw----rw-')) }
        'entry owned by another user' | { Path e, Path d -> Files.setAttribute(e, 'unix:uid', 4242) }
        'world-writable directory'    | { Path e, Path d -> Files.setPosixFilePermissions(d, PosixFilePermissions.fromString('rwxrwxrwx')) }
        'directory of another user'   | { Path e, Path d -> Files.setAttribute(d, 'unix:uid', 4242) }
        'entry is a symlink'          | { Path e, Path d ->
            def target = d.resolveSibling('elsewhere.classes')
            Files.move(e, target)
            Files.createSymbolicLink(e, target)
        }
    }

    def "a damaged entry is compiled again and replaced by a good one"() {
        given:
        def text = unique("namespace('real')")
        def entry = plant(text, "namespace('planted')")
        Files.write(entry, Arrays.copyOf(Files.readAllBytes(entry), 200))

        when:
        def first = new ScriptRunner(CompiledScriptCache.in(cacheDir)).load('x.netns.groovy', text)

        then:
        names(first) == ['real']
        CompiledScriptCache.decode(Files.readAllBytes(entry)).keySet().any { it.startsWith('nslab_') }
    }

    def "a changed script has an entry of its own"() {
        given:
        def cache = CompiledScriptCache.in(cacheDir)
        def one = unique("namespace('a')")
        def two = unique("namespace('b')")

        when:
        new ScriptRunner(cache).load('x.netns.groovy', one)
        new ScriptRunner(cache).load('x.netns.groovy', two)

        then:
        Files.list(cacheDir).toList().toSet() == [cache.entryFor(one), cache.entryFor(two)].toSet()
    }

    def "the cache keeps the most recently used entries, at most its limit"() {
        given:
        def cache = CompiledScriptCache.in(cacheDir)
        def texts = (1..CompiledScriptCache.MAX_ENTRIES + 3).collect { unique("namespace('n$it')") }

        when:
        texts.eachWithIndex { t, i ->
            cache.write(t, [('c' + i): new byte[1]])
            Files.setLastModifiedTime(cache.entryFor(t), java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)))
        }

        then:
        def left = Files.list(cacheDir).toList().toSet()
        left.size() == CompiledScriptCache.MAX_ENTRIES
        texts.take(3).every { !left.contains(cache.entryFor(it)) }
        texts.drop(3).every { left.contains(cache.entryFor(it)) }
    }

    /** Compiles {@code impostor} under the class name and cache key of {@code text}. */
    private Path plant(String text, String impostor) {
        def className = 'nslab_' + sha256(text).substring(0, 32)
        def config = new CompilerConfiguration()
        config.scriptBaseClass = NslabScript.name
        def unit = new CompilationUnit(config, null, new GroovyClassLoader(NslabScript.classLoader, config))
        unit.addSource(className + '.groovy', impostor)
        unit.compile(Phases.CLASS_GENERATION)
        def classes = unit.classes.collectEntries { [(it.name): it.bytes] }
        def cache = CompiledScriptCache.in(cacheDir)
        cache.write(text, classes)
        def entry = cache.entryFor(text)
        assert Files.exists(entry)
        entry
    }

    private static List<String> names(topology) {
        topology.namespaces().collect { it.name() }.findAll { it != 'host' }
    }

    private static String unique(String script) {
        script + "\n// " + UUID.randomUUID()
    }

    private static String sha256(String text) {
        java.security.MessageDigest.getInstance('SHA-256').digest(text.getBytes('UTF-8')).encodeHex().toString()
    }
}
