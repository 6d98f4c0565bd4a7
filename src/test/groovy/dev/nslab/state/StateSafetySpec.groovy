package dev.nslab.state

import dev.nslab.apply.Applier
import dev.nslab.dsl.ScriptRunner
import dev.nslab.sys.Fds
import dev.nslab.sys.SafeFiles
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/**
 * The state under /run/nslab is root's alone and nslab never follows a link there (issue 14,
 * items 1 and 2), and what down removes is what the lab made, not what its journal names
 * (items 3 and 8). Witnesses: stat(1), ip netns, ip link, the files' own content.
 */
class StateSafetySpec extends Specification {
    List<Path> temps = []

    def cleanup() {
        ['s2', 's3'].each { Paths.get(Labs.ROOT, it).toFile().deleteDir() } // what the specs planted there
        Labs.labs().each { Applier.down(it) }
        temps.each { p -> if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) { p.toFile().deleteDir() } else { Files.deleteIfExists(p) } }
        ['n1', 'n2', 'victimns'].each { if (Ip.netns().contains(it)) { Ip.run(['ip', 'netns', 'del', it]) } }
        if (Ip.linkNames(null).contains('victim0')) {
            Ip.run(['ip', 'link', 'del', 'victim0'])
        }
    }

    private Path script(String lab, String text) {
        def dir = Files.createTempDirectory('state')
        temps << dir
        def f = dir.resolve(lab + '.netns.groovy')
        Files.writeString(f, text.stripIndent())
        f
    }

    private static String mode(String path) {
        Ip.run(['stat', '-c', '%a %U', path]).trim()
    }

    /** nslab in a child JVM (its logging on its own stderr), optionally paused at step K, behind a command prefix. */
    private static Process nslab(List<String> args, Map<String, String> env = [:], List<String> prefix = []) {
        def java = ProcessHandle.current().info().command().get()
        def pb = new ProcessBuilder(prefix + [java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main'] + args)
        pb.environment().putAll(env)
        pb.start()
    }

    private static Map finish(Process p) {
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    /** Starts up FILE paused at step K, waits until it says so, kills it with SIGKILL; returns the step's words. */
    private static String killAt(Path file, int k) {
        def child = nslab(['up', file.toString()], [NSLAB_PAUSE_AT: k.toString()])
        def err = new BufferedReader(new InputStreamReader(child.errorStream))
        String line
        while ((line = err.readLine()) != null && !line.startsWith("nslab: paused at step $k: ")) {
        }
        assert line != null : "the run ended before step $k"
        Ip.run(['kill', '-KILL', child.pid().toString()])
        child.waitFor(10, TimeUnit.SECONDS)
        [child.inputStream, child.errorStream, child.outputStream]*.close()
        line.substring("nslab: paused at step $k: ".length())
    }

    def "state files get fixed modes whatever the umask: directories 0755, files 0644, all root's"() {
        given:
        def f = script('s1', """\
            namespace('h1') { spawn 'sleeper', 'sleep', '1000' }
            """)
        def lab = new ScriptRunner().load(f)

        when: 'up runs with umask 000 (as a careless shell, or a daemon applying its client umask, would)'
        int old = Fds.umask(0)
        try {
            Applier.up(lab)
        } finally {
            Fds.umask(old)
        }

        then:
        mode(Labs.ROOT) == '755 root'
        mode("${Labs.ROOT}/s1") == '755 root'
        mode("${Labs.ROOT}/s1/journal") == '644 root'
        mode("${Labs.ROOT}/s1/spawns") == '644 root'
        mode("${Labs.ROOT}/s1/h1.sleeper.log") == '644 root'

        when: 'and with umask 077: no file is left unreadable or half-made'
        old = Fds.umask(077)
        try {
            Applier.down('s1')
            Applier.up(lab)
        } finally {
            Fds.umask(old)
        }

        then:
        mode("${Labs.ROOT}/s1") == '755 root'
        mode("${Labs.ROOT}/s1/journal") == '644 root'
        mode("${Labs.ROOT}/s1/h1.sleeper.log") == '644 root'
    }

    def "a symlink planted as LAB/#planted is refused, naming what to remove, and its target is left as it was"() {
        given:
        def victim = Files.createTempFile('victim', '.txt')
        temps << victim
        Files.writeString(victim, 'precious\n')
        def f = script('s2', "namespace('n1')\n")
        def dir = Paths.get(Labs.ROOT, 's2')
        Files.createDirectories(dir)
        Files.createSymbolicLink(dir.resolve(planted), victim)

        when:
        def r = finish(nslab(['up', f.toString()]))

        then:
        r.rc == 1
        r.err.contains("nslab: ${dir.resolve(planted)} is a symbolic link: nslab never follows one there; remove it (rm ${dir.resolve(planted)}) and run again")
        Files.readString(victim) == 'precious\n'
        !Ip.netns().contains('n1')

        where:
        planted << ['lock', 'journal']
    }

    def "a spawn's log planted as a symlink is refused, and its target is not appended to"() {
        given:
        def victim = Files.createTempFile('victim', '.txt')
        temps << victim
        Files.writeString(victim, 'precious\n')
        def f = script('s2', "namespace('n1') { spawn 'sleeper', 'sleep', '1000' }\n")
        def dir = Paths.get(Labs.ROOT, 's2')
        Files.createDirectories(dir)
        Files.createSymbolicLink(dir.resolve('n1.sleeper.log'), victim)

        when:
        def r = finish(nslab(['up', f.toString()]))

        then:
        r.rc == 1
        r.err.contains("${dir.resolve('n1.sleeper.log')} is a symbolic link: nslab never follows one there")
        Files.readString(victim) == 'precious\n'
    }

    def "a lab directory that is a symlink, or someone else's, is refused and nothing is written through it"() {
        given:
        def elsewhere = Files.createTempDirectory('elsewhere')
        temps << elsewhere
        def f = script('s3', "namespace('n1')\n")
        def dir = Paths.get(Labs.ROOT, 's3')
        Files.createDirectories(dir.parent)
        if (how == 'symlink') {
            Files.createSymbolicLink(dir, elsewhere)
        } else {
            Files.createDirectories(dir)
            Ip.run(['chown', 'nobody', dir.toString()])
        }

        when:
        def r = finish(nslab(['up', f.toString()]))

        then:
        r.rc == 1
        r.err.contains(message.replace('DIR', dir.toString()))
        elsewhere.toFile().list() as List == []
        !Ip.netns().contains('n1')

        cleanup:
        Files.deleteIfExists(dir)

        where:
        how       | message
        'symlink' | 'DIR is a symbolic link: nslab never follows one there; remove it (rm DIR) and run again'
        'foreign' | 'DIR belongs to uid 65534, not to uid 0 (nslab\'s user) or root: nslab does not use what others made there; remove it (rm -r DIR) and run again'
    }

    def "lines appended to a journal by hand name a namespace and a link nslab never made: down leaves both, saying so"() {
        given:
        def f = script('sa', """\
            namespace('n1') { veth 'eth0' peer 'n1-p' }
            """)
        Applier.up(new ScriptRunner().load(f))
        Ip.run(['ip', 'netns', 'add', 'victimns'])
        Ip.run(['ip', 'link', 'add', 'victim0', 'type', 'veth', 'peer', 'name', 'victim1'])
        Files.writeString(Paths.get(Labs.ROOT, 'sa', 'journal'), 'ns victimns\nlink victim0\n', java.nio.file.StandardOpenOption.APPEND)

        when:
        def r = finish(nslab(['down', 'sa']))

        then:
        r.rc == 0
        r.err.contains("namespace victimns is named by the journal of lab sa, but lab sa did not make the namespace that has that name now: left as it is")
        r.err.contains("link victim0 is named by the journal of lab sa but does not carry its mark (alias nslab:sa): left as it is")
        Ip.netns() == ['victimns']
        Ip.linkNames(null).contains('victim0')
        !Ip.linkNames(null).contains('n1-p')
        !Labs.labs().contains('sa')
    }

    def "a killed run's journal claims a namespace it never made: an admin's later ip netns add survives down, which removes the placeholder left"() {
        given: 'up killed after the placeholder of n1 was made: its journal already names n1 and n2'
        def f = script('sb', """\
            namespace('n1')
            namespace('n2')
            """)
        def step = killAt(f, 1)
        assert step.contains('placeholder /run/netns/n1 made')
        assert Labs.peek('sb').namespaces() == ['n1', 'n2'] as Set

        when: 'an admin makes n2, then the lab is taken down'
        Ip.run(['ip', 'netns', 'add', 'n2'])
        def r = finish(nslab(['down', 'sb']))

        then: "down alone removes what the run made (the placeholder), and leaves the admin's n2"
        r.rc == 0
        r.err.contains('namespace n2 is named by the journal of lab sb, but lab sb did not make the namespace that has that name now')
        Ip.netns() == ['n2']
        !Files.exists(Paths.get('/run/netns/n1'))
        !Labs.labs().contains('sb')
    }

    def "a second lab taking over a namespace the first left half made owns it alone"() {
        given: 'lab sa killed between the placeholder of n1 and its bind mount'
        def a = script('sa', "namespace('n1')\n")
        killAt(a, 1)
        def b = script('sb', "namespace('n1')\n")

        when: 'lab sb declares n1 too, and makes it'
        Applier.up(new ScriptRunner().load(b))

        then: 'n1 is claimed by sb alone'
        Labs.claims('sb').owned().namespaces() == ['n1'] as Set
        Labs.claims('sa').owned().namespaces().isEmpty()

        when: 'sa goes down: n1 stays, it is sb\'s'
        Applier.down('sa')

        then:
        Ip.netns() == ['n1']

        when: 'an up of sa refuses to take it'
        Applier.up(new ScriptRunner().load(a))

        then:
        def e = thrown(dev.nslab.plan.PlanException)
        e.message.contains("namespace 'n1' already exists and was not made by lab 'sa'")

        when:
        Applier.down('sb')

        then:
        Ip.netns() == []
    }
}
