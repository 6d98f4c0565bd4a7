package dev.nslab.daemon

import dev.nslab.cli.Main
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
    @Shared Path socket = Paths.get(DaemonFiles.DIRECTORY, 'spec.sock')
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
        def dir = Paths.get(DaemonFiles.DIRECTORY)
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
    private Process startDaemon(Path at, int idleSeconds, File directory = null, List<String> prefix = []) {
        def java = Paths.get(System.getProperty('java.home'), 'bin', 'java').toString()
        def log = work.resolve(at.fileName.toString() + '.log')
        def p = new ProcessBuilder(prefix + [java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'daemon', 'serve',
                '--socket', at.toString(), '--idle', idleSeconds.toString()])
                .directory(directory).redirectErrorStream(true).redirectOutput(log.toFile()).start()
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
        def stopped = startDaemon(Paths.get(DaemonFiles.DIRECTORY, 'stop.sock'), 120)
        def idle = startDaemon(Paths.get(DaemonFiles.DIRECTORY, 'idle.sock'), 1)
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
        !Files.exists(Paths.get(DaemonFiles.DIRECTORY, 'idle.sock'))
        !Files.exists(Paths.get(DaemonFiles.DIRECTORY, 'idle.pid'))

        when: 'stop ends every daemon here'
        int stop = Main.run('-q', 'daemon', 'stop')

        then:
        stop == 0
        // stop returns once each daemon has exited (its pidfd); this JVM's Process learns it
        // from its own reaper thread, a moment later (under load, a long moment)
        stopped.waitFor(60, TimeUnit.SECONDS)
        daemon.waitFor(60, TimeUnit.SECONDS)
        !Files.exists(Paths.get(DaemonFiles.DIRECTORY, 'stop.sock'))

        cleanup: 'a daemon for the next features: the same if this one failed before stop, else a new one'
        if (!(daemon.alive && Files.exists(socket))) {
            daemon.waitFor(60, TimeUnit.SECONDS)
            daemon = startDaemon(socket, 120)
        }
    }

    def "a client killed during its command cancels it at its next safe point, as a kill would; the daemon serves on and the next up converges"() {
        given: 'a lab of two namespaces, and a client whose command pauses after the second step (s1 bound)'
        def f = script('killed.netns.groovy', """
            namespace('s1') { veth 'eth0' addr '10.6.0.1/24' peer 's1-p' }
            namespace('s2') { veth 'eth0' addr '10.6.1.1/24' peer 's2-p' }
            """.stripIndent())
        def output = Files.createTempFile(work, 'killed', '.txt')
        def pb = new ProcessBuilder(client, 'target/classes', 'up', f.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile())
        pb.environment().put('NSLAB_DAEMON_SOCKET', socket.toString())
        pb.environment().put('NSLAB_PAUSE_AT', '2')
        def log = work.resolve('spec.sock.log')

        when: 'the client is killed (SIGKILL) while its command is paused'
        def running = pb.start()
        assert Procs.eventually(120_000) { Files.readString(output).contains('nslab: paused at step 2') || !running.alive }
        if (!running.alive) { // (Spock evaluates an assertion's message even when it holds)
            assert false: "the client ended with ${running.exitValue()} before its pause: ${Files.readString(output)}"
        }
        running.destroyForcibly().waitFor()

        then: 'the daemon cancels the command there, and lives'
        Procs.eventually(60_000) { Files.readString(log).contains('cancelled after') }
        daemon.alive
        Files.exists(socket)

        when: 'the next up, through the same daemon'
        def up = client([:], [], 'up', f.toString())
        def again = client([:], [], 'up', f.toString())
        def down = client([:], [], 'down', f.toString())

        then: 'it converges: the lab is whole, then up to date, then gone'
        up.rc == 0
        again.out.trim() == 'lab killed: up to date, nothing changed'
        down.rc == 0
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
        daemon.alive
    }

    /** The shared daemon again, for the next features, if a feature ended it. */
    private void restartDaemon() {
        if (!(daemon.alive && Files.exists(socket))) {
            daemon.waitFor(60, TimeUnit.SECONDS)
            daemon = startDaemon(socket, 120)
        }
    }

    private static String status(String... args) {
        def out = new ByteArrayOutputStream()
        def saved = System.out
        System.out = new PrintStream(out, true)
        try {
            Main.run(['daemon', 'status'] + (args as List) as String[])
        } finally {
            System.out = saved
        }
        out.toString()
    }

    def "daemon status and stop find a daemon whose pid file is gone, and act on this directory's daemons only, unless --all"() {
        given: 'the daemon of this directory without its pid file, and one serving another directory'
        Files.delete(DaemonFiles.sibling(socket, '.pid'))
        def elsewhere = startDaemon(Paths.get(DaemonFiles.DIRECTORY, 'elsewhere.sock'), 120, work.toFile())
        others << elsewhere

        when:
        def here = status()
        def all = status('--all')
        int stop = Main.run('-q', 'daemon', 'stop')

        then:
        here.readLines().any { it.trim().startsWith(daemon.pid() + ' ') }
        !here.contains('elsewhere.sock')
        all.readLines().any { it.trim().startsWith(elsewhere.pid() + ' ') && it.endsWith('elsewhere.sock') }
        all.readLines().any { it.trim().startsWith(daemon.pid() + ' ') }
        stop == 0
        daemon.waitFor(60, TimeUnit.SECONDS)
        elsewhere.alive

        when:
        int stopAll = Main.run('-q', 'daemon', 'stop', '--all')

        then:
        stopAll == 0
        elsewhere.waitFor(60, TimeUnit.SECONDS)

        cleanup:
        restartDaemon()
    }

    def "a silent client holds up no other: the next client's command runs while it is still connected"() {
        given: 'a client that connects and says nothing'
        def silent = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))
        def f = script('quiet.netns.groovy', "namespace('q1')\n")

        when:
        def plan = client([:], [], 'plan', f.toString())
        silent.configureBlocking(false)
        int read = silent.read(java.nio.ByteBuffer.allocate(4))

        then: 'served, and the silent connection was not dropped first to get there'
        plan.rc == 0
        plan.out.readLines()[0] == 'netns add q1'
        read == 0

        cleanup:
        silent?.close()
    }

    def "a script that leaves a thread running that ignores interrupts is a script error, and the daemon retires after it"() {
        given:
        def f = script('stubborn.netns.groovy', '''
            namespace('t1')
            def ready = new java.util.concurrent.CountDownLatch(1)
            Thread.start('stubborn') {
                ready.countDown()
                while (true) { try { Thread.sleep(100) } catch (InterruptedException ignored) { } }
            }
            ready.await()
            '''.stripIndent())

        when:
        def r = client([:], [], 'plan', f.toString())

        then: 'the command fails as a script error, and the daemon ends instead of keeping the thread'
        r.rc == 2
        r.err.contains("thread 'stubborn'")
        daemon.waitFor(60, TimeUnit.SECONDS)
        Files.readString(work.resolve('spec.sock.log')).contains('a script left threads running [stubborn]: retiring')
        !Files.exists(socket)

        cleanup:
        restartDaemon()
    }

    def "a daemon alone in its network namespace ends: it does not keep an anonymous namespace alive"() {
        when: 'a daemon started in a network namespace of its own, whose shell has ended'
        def alone = startDaemon(Paths.get(DaemonFiles.DIRECTORY, 'alone.sock'), 120, null, ['unshare', '--net', '--'])
        others << alone

        then:
        alone.waitFor(60, TimeUnit.SECONDS)
        Files.readString(work.resolve('alone.sock.log')).contains('no other process is in its network namespace any more')
        !Files.exists(Paths.get(DaemonFiles.DIRECTORY, 'alone.sock'))
    }
}
