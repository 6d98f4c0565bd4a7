package dev.nslab.cli

import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/**
 * The daemon as the launcher uses it: the real client (src/main/c, built here with cc) hands
 * commands to a real daemon process in this test world. Witnesses: ip's view of the kernel,
 * the files the client's descriptors lead to, /proc.
 */
class DaemonSpec extends Specification {
    @Shared Path work = Files.createTempDirectory('nslab-daemon-spec')
    @Shared String client = work.resolve('nslab-client').toString()
    @Shared Path socket = Paths.get(Daemon.DIRECTORY, 'spec.sock')
    @Shared Process daemon
    @Shared List<Process> others = []

    def setupSpec() {
        def cc = new ProcessBuilder('cc', '-O2', '-Wall', '-Werror', '-o', client, 'src/main/c/nslab-client.c')
                .redirectErrorStream(true).start()
        assert cc.waitFor() == 0: cc.inputStream.text
        daemon = startDaemon(socket, 120)
    }

    def cleanupSpec() {
        ([daemon] + others).findAll { it?.alive }.each { it.destroy(); it.waitFor(10, TimeUnit.SECONDS) || it.destroyForcibly() }
        dev.nslab.state.Labs.labs().each { dev.nslab.apply.Applier.down(it) }
        // what the daemons and their logs left in this world's /run/nslab
        def dir = Paths.get(Daemon.DIRECTORY)
        if (Files.isDirectory(dir)) {
            Files.list(dir).withCloseable { it.toList() }.each { Files.delete(it) }
            Files.delete(dir)
        }
        work.toFile().deleteDir()
    }

    /**
     * A daemon serving {@code at}, started as the launcher starts one, once it accepts clients
     * (its socket exists; an idle one may have ended since, cleanly, which is no failure).
     */
    private Process startDaemon(Path at, int idleSeconds) {
        def java = Paths.get(System.getProperty('java.home'), 'bin', 'java').toString()
        def log = work.resolve(at.fileName.toString() + '.log')
        def p = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'daemon', 'serve',
                '--socket', at.toString(), '--idle', idleSeconds.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start()
        assert Procs.eventually(120_000) { Files.exists(at) || !p.alive }: 'the daemon did not start'
        assert Files.exists(at) || (p.waitFor() == 0 && Files.readString(log).contains('serving ')): Files.readString(log)
        p
    }

    private static Path script(String name, String text) {
        def f = Files.createTempDirectory('nslab').resolve(name)
        Files.writeString(f, text)
        f
    }

    /** Runs the client as the launcher does; stdout and stderr go to files, as the daemon writes them. */
    private Map client(Map<String, String> env = [:], List<String> prefix = [], String... args) {
        def out = Files.createTempFile(work, 'out', '.txt'), err = Files.createTempFile(work, 'err', '.txt')
        def pb = new ProcessBuilder(prefix + [client, 'target/classes'] + (args as List))
                .redirectOutput(out.toFile()).redirectError(err.toFile())
        pb.environment().put('NSLAB_DAEMON_SOCKET', socket.toString())
        pb.environment().putAll(env)
        def p = pb.start()
        assert p.waitFor(60, TimeUnit.SECONDS)
        [rc: p.exitValue(), out: Files.readString(out), err: Files.readString(err)]
    }

    def "a command through the daemon runs with the client's environment and writes to the client's descriptors"() {
        given: 'a lab whose namespace name and spawned process read the environment the daemon itself does not have'
        def f = script('envlab.netns.groovy', '''
            namespace(System.getenv('NSLAB_SPEC_NS')) {
                veth 'eth0' addr '10.5.0.1/24' peer 'dm-p'
                spawn 'env', 'sh', '-c', 'echo "value=$NSLAB_SPEC_VALUE"; exec sleep 60'
            }
            '''.stripIndent())
        def env = [NSLAB_SPEC_NS: 'dm1', NSLAB_SPEC_VALUE: 'from-the-client']

        when:
        def up = client(env, [], 'up', f.toString())

        then: 'the lab is there, as ip sees it'
        up.rc == 0
        up.out.startsWith('lab envlab: ')
        up.err == ''
        Ip.netns() == ['dm1']
        Ip.link(null, 'dm-p').flags.containsAll(['UP', 'LOWER_UP'])
        // the host end's operstate: at once, or after the kernel's link watcher (up to 1 s) when
        // the kernel gave it the ifindex of its peer (nslab cannot know the host's next index)
        Procs.eventually(2000) { Ip.link(null, 'dm-p').operstate == 'UP' }
        Ip.addresses('dm1').contains('eth0 10.5.0.1/24')

        and: 'the spawned process got the client environment'
        Procs.eventually { Files.readString(Paths.get('/run/nslab/envlab/dm1.env.log')).contains('value=from-the-client') }

        when: 'up again, then down, through the daemon'
        def again = client(env, [], 'up', f.toString())
        def down = client(env, [], 'down', f.toString())

        then:
        again.rc == 0
        again.out.trim() == 'lab envlab: up to date, nothing changed'
        down.rc == 0
        down.out.startsWith('lab envlab: down, ')
        Ip.netns() == []
        Ip.link(null, 'dm-p') == null
        daemon.alive
    }

    def "a script error through the daemon exits 2 naming FILE:LINE on the client's stderr, and creates nothing"() {
        given:
        def f = script('bad.netns.groovy', "namespace('b1') {\n  veth 'e0' adr '10.0.0.1/24' peer 'p0'\n}\n")

        when:
        def r = client([:], [], 'up', f.toString())

        then:
        r.rc == 2
        r.out == ''
        r.err.trim() == "nslab: ${f}:2: unknown word 'adr' in veth 'e0' (did you mean 'addr'?)".toString()
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
    }

    def "-v shows the command's own log on the client's stderr, and the next command is quiet again"() {
        given:
        def f = script('v.netns.groovy', "namespace('v1')\n")

        when:
        def verbose = client([:], [], '-v', 'plan', f.toString())
        def plain = client([:], [], 'plan', f.toString())

        then:
        verbose.rc == 0
        verbose.err.contains('nslab: DEBUG script ran: ')
        plain.rc == 0
        plain.err == ''
        plain.out == verbose.out
        plain.out.readLines()[0] == 'netns add v1'
    }

    def "the daemon declines what it does not serve, and clients from another network namespace; nothing runs"() {
        given:
        def f = script('elsewhere.netns.groovy', "namespace('x1')\n")

        when:
        def exec = client([:], [], 'exec', 'x1', '--', 'true')
        def otherNetns = client([:], ['unshare', '--net', '--'], 'up', f.toString())

        then: 'declined (76): the launcher would run these in a JVM of their own'
        exec.rc == 76
        otherNetns.rc == 76
        exec.out == '' && otherNetns.out == ''
        Ip.netns() == []
        daemon.alive
    }

    def "the socket a client looks for depends on its network namespace and its working directory"() {
        given:
        def env = new HashMap<>(System.getenv())
        env.remove('NSLAB_DAEMON_SOCKET')
        def path = { File dir, List<String> prefix ->
            def pb = new ProcessBuilder(prefix + [client, '--socket-path', new File('target/classes').absolutePath]).directory(dir)
            pb.environment().clear()
            pb.environment().putAll(env)
            def p = pb.start()
            assert p.waitFor() == 0
            p.inputStream.text.trim()
        }

        when:
        def here = path(new File('.'), [])
        def again = path(new File('.'), [])
        def elsewhere = path(work.toFile(), [])
        def otherNetns = path(new File('.'), ['unshare', '--net', '--'])

        then:
        here == again
        [here, elsewhere, otherNetns].toSet().size() == 3
        [here, elsewhere, otherNetns].every { it ==~ /\/run\/nslab\/daemon\/[0-9a-f]{16}\.sock/ }
    }

    def "inside a named namespace the client names no socket, so the launcher starts no daemon to pin it"() {
        given:
        Ip.run(['ip', 'netns', 'add', 'pinme'])

        when:
        def p = new ProcessBuilder('ip', 'netns', 'exec', 'pinme', client, '--socket-path', 'target/classes')
                .redirectErrorStream(true).start()
        def text = p.inputStream.text

        then:
        p.waitFor() == 3
        text.trim() == 'nslab-client: inside named namespace pinme: no daemon here'

        cleanup:
        Ip.run(['ip', 'netns', 'del', 'pinme'])
    }

    def "only its user can reach the daemon: the socket is 0600 in a 0700 directory, and a symlinked directory is refused"() {
        expect:
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)) == 'rw-------'
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.parent)) == 'rwx------'

        when: 'a daemon is asked to serve from a directory that is a symlink'
        def elsewhere = Files.createTempDirectory(work, 'target')
        def link = Paths.get('/run/nslab/daemon-link')
        Files.createSymbolicLink(link, elsewhere)
        def java = Paths.get(System.getProperty('java.home'), 'bin', 'java').toString()
        def p = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'daemon', 'serve',
                '--socket', link.resolve('x.sock').toString()).redirectErrorStream(true).start()
        def text = p.inputStream.text

        then: 'it refuses, before it makes anything there'
        p.waitFor(30, TimeUnit.SECONDS)
        p.exitValue() == 1
        text.contains('/run/nslab/daemon-link is a symlink: refusing to serve from it')
        Files.list(elsewhere).withCloseable { it.count() } == 0

        cleanup:
        Files.deleteIfExists(link)
    }

    def "the launcher hands the daemon exactly the subcommands it serves"() {
        when: 'the launcher logic that ./nslab and /usr/bin/nslab share'
        def line = Files.readAllLines(Paths.get('src/main/sh/launch.bash')).find { it.startsWith('served="') }

        then:
        line != null
        (line.substring(8, line.length() - 1).trim().split(' ') as Set) == Daemon.SERVED
    }

    def "daemon status lists a running daemon, daemon stop ends it; an idle one ends by itself"() {
        given:
        def stopped = startDaemon(Paths.get(Daemon.DIRECTORY, 'stop.sock'), 120)
        def idle = startDaemon(Paths.get(Daemon.DIRECTORY, 'idle.sock'), 1)
        others << stopped << idle
        def out = new ByteArrayOutputStream()
        def saved = System.out
        System.out = new PrintStream(out, true)

        when:
        int status
        try {
            status = Main.run('daemon', 'status')
        } finally {
            System.out = saved
        }

        then:
        status == 0
        out.toString().readLines().any { it.trim().startsWith(stopped.pid() + ' ') && it.endsWith('stop.sock') }

        and: 'the idle one ends by itself, and takes its socket and pid file with it'
        idle.waitFor(60, TimeUnit.SECONDS)
        !Files.exists(Paths.get(Daemon.DIRECTORY, 'idle.sock'))
        !Files.exists(Paths.get(Daemon.DIRECTORY, 'idle.pid'))

        when: 'stop ends every daemon here'
        int stop = Main.run('-q', 'daemon', 'stop')

        then:
        stop == 0
        // stop returns once each daemon has exited (its pidfd); this JVM's Process learns it
        // from its own reaper thread, a moment later (under load, a long moment)
        stopped.waitFor(60, TimeUnit.SECONDS)
        daemon.waitFor(60, TimeUnit.SECONDS)
        !Files.exists(Paths.get(Daemon.DIRECTORY, 'stop.sock'))

        cleanup: 'a daemon for the next features: the same if this one failed before stop, else a new one'
        if (!(daemon.alive && Files.exists(socket))) {
            daemon.waitFor(60, TimeUnit.SECONDS)
            daemon = startDaemon(socket, 120)
        }
    }

    def "a client killed during its command ends the daemon, as a killed nslab ends; the next up converges"() {
        given: 'a lab whose up waits for STP: 2 s listening, 2 s learning'
        def f = script('slow.netns.groovy', '''
            bridge 'sbr0' stp true forwardDelay 2
            namespace('s1') { veth 'eth0' addr '10.6.0.1/24' peer 's1-p' master 'sbr0' }
            '''.stripIndent())
        def output = Files.createTempFile(work, 'killed', '.txt')
        def pb = new ProcessBuilder(client, 'target/classes', 'up', f.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile())
        pb.environment().put('NSLAB_DAEMON_SOCKET', socket.toString())

        when: 'the client is killed once the namespace exists'
        def running = pb.start()
        // the namespace, or the client's end (a decline, a failure: its output says which)
        assert Procs.eventually(120_000) { Ip.netns().contains('s1') || !running.alive }
        if (!running.alive) { // (Spock evaluates an assertion's message even when it holds)
            assert false: "the client ended with ${running.exitValue()} before s1 existed: ${Files.readString(output)}"
        }
        running.destroyForcibly().waitFor()

        then: 'the daemon ends (130), and its socket is gone, so the next client goes to a JVM of its own'
        daemon.waitFor(60, TimeUnit.SECONDS)
        daemon.exitValue() == 130
        !Files.exists(socket)

        when:
        int up = Main.run('-q', 'up', f.toString())
        int down = Main.run('-q', 'down', f.toString())

        then:
        up == 0
        down == 0
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
    }
}
