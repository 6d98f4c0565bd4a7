package dev.nslab.release

import dev.nslab.cli.Main
import dev.nslab.testing.Ip
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.jar.JarFile

/** target/nslab-all.jar, as someone who downloaded it alone would run it: java -jar, any folder. */
class AllJarSpec extends Specification {
    @Shared
    Path jar = Run.TARGET.resolve('nslab-all.jar')
    @TempDir
    Path empty
    static final String TWO_HOSTS = Paths.get('dsl-examples/two-hosts.netns.groovy').toAbsolutePath().toString()

    def "--version names the version and the commit git has checked out"() {
        given: 'git itself says which commit this tree is, and whether it has changes'
        def head = Run.of(['git', 'rev-parse', 'HEAD']).out.trim()
        def status = Run.of(['git', 'status', '--porcelain', '--untracked-files=no']).out

        when:
        def r = nslab('--version')
        def m = r.out.trim() =~ /^nslab (\S+) \(commit ([0-9a-f]{7,40})( with uncommitted changes)?\)$/

        then:
        r.rc == 0
        m.matches()
        m.group(1) == Run.VERSION
        head.startsWith(m.group(2))
        // the changes at build time: the tree may have changed since, so only a clean tree is exact
        status.isEmpty() ? m.group(3) == null : true
        r.err == ''
    }

    def "--help lists every subcommand, and plan works from an empty folder, as from target/classes"() {
        when:
        def help = nslab('--help')
        def plan = nslab('plan', TWO_HOSTS)
        def names = Main.commandLine().subcommands.keySet()

        then:
        help.rc == 0
        names.every { help.out =~ /(?m)^\s+${it}\b/ }
        plan.rc == 0
        plan.err == ''
        plan.out == inProcess('plan', TWO_HOSTS)
        Files.list(empty).count() == 0 // it wrote nothing where it ran
    }

    def "up and down from the jar alone: the lab as ip sees it, and nothing left"() {
        when:
        def up = nslab('-q', 'up', TWO_HOSTS)

        then:
        up.rc == 0
        up.err == ''
        Ip.netns().sort() == ['h1', 'h2']
        Ip.addresses('h1').contains('eth0 10.0.0.1/24')

        when:
        def down = nslab('-q', 'down', 'two-hosts')

        then:
        down.rc == 0
        Ip.netns() == []

        cleanup:
        if (!Ip.netns().isEmpty()) {
            Main.run('-q', 'down', 'two-hosts')
        }
    }

    def "the manifest: main class, version, native access; no test framework inside"() {
        when:
        def file = new JarFile(jar.toFile())
        def attributes = file.manifest.mainAttributes
        def entries = file.entries().toList()*.name

        then:
        attributes.getValue('Main-Class') == 'dev.nslab.cli.Main'
        attributes.getValue('Implementation-Version') == Run.VERSION
        attributes.getValue('Enable-Native-Access') == 'ALL-UNNAMED'
        attributes.getValue('Class-Path') == null
        entries.contains('groovy/lang/GroovyObject.class')
        entries.contains('com/kenai/jffi/Foreign.class')
        entries.contains('picocli/CommandLine.class')
        entries.contains('ch/qos/logback/classic/Logger.class')
        !entries.any { it.startsWith('org/junit/') || it.startsWith('org/spockframework/') || it.startsWith('org/opentest4j/') }

        cleanup:
        file?.close()
    }

    @IgnoreIf({ !Files.isExecutable(Run.JAVA_25) })
    def "Java 25 prints no native-access warning: it does without the jar's manifest, not with it"() {
        given: 'a command that loads jffi (list reads the namespaces through netlink)'
        Ip.run(['ip', 'netns', 'add', 'jar25'])

        when: 'the classes run without the manifest (-cp): the witness that the warnings exist'
        def bare = Run.of([Run.JAVA_25.toString(), '-cp', jar.toString(), 'dev.nslab.cli.Main', 'list'], [:], empty)
        def asJar = jarRun([:], Run.JAVA_25.toString(), 'list')

        then:
        bare.rc == 0
        bare.err.contains('WARNING: A restricted method in java.lang.System has been called')
        asJar.rc == 0
        asJar.out.contains('jar25')
        asJar.err == ''

        cleanup:
        Ip.run(['ip', 'netns', 'del', 'jar25'])
    }

    def "logging: NSLAB_LOG=debug shows DEBUG lines on stderr, and raises -q too (plain plan: none, above)"() {
        when:
        def asked = jarRun([NSLAB_LOG: 'debug'], 'java', 'plan', TWO_HOSTS)
        def quietButAsked = jarRun([NSLAB_LOG: 'debug'], 'java', '-q', 'plan', TWO_HOSTS)

        then:
        asked.err.contains('nslab: DEBUG script ran: ')
        quietButAsked.err.contains('nslab: DEBUG script ran: ')
        [asked, quietButAsked].every { it.rc == 0 && it.out == inProcess('plan', TWO_HOSTS) }
    }

    private static String inProcess(String... args) {
        def out = new StringWriter()
        def cl = Main.commandLine(args)
        cl.out = new PrintWriter(out)
        cl.execute(args)
        out.toString()
    }

    /** java -jar nslab-all.jar ARGS, in the empty folder */
    private Run nslab(String... args) {
        jarRun([:], 'java', args)
    }

    private Run jarRun(Map<String, String> env, String java, String... args) {
        Run.of([java, '-jar', jar.toString()] + args.toList(), env, empty)
    }
}
