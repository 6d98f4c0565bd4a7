package dev.nslab.daemon

import dev.nslab.cli.Main
import dev.nslab.testing.Ip
import dev.nslab.testing.Procs
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit
import java.util.jar.Attributes
import java.util.jar.JarOutputStream
import java.util.jar.Manifest

/**
 * The launcher (src/main/sh/launch.bash, which ./nslab and /usr/bin/nslab share) as root runs
 * it: with its client and the daemon it starts. The jar is a manifest-only one whose class path
 * is this build's. Witnesses: /proc (processes, their environment), the file system, ip.
 */
class LauncherSpec extends Specification {
    @Shared Path work = Files.createTempDirectory('nslab-launcher-spec')
    @Shared Path jar = work.resolve('nslab.jar')
    @Shared Path cache = work.resolve('cache')

    def setupSpec() {
        def manifest = new Manifest()
        manifest.mainAttributes[Attributes.Name.MANIFEST_VERSION] = '1.0'
        manifest.mainAttributes[Attributes.Name.MAIN_CLASS] = 'dev.nslab.cli.Main'
        manifest.mainAttributes[Attributes.Name.CLASS_PATH] = System.getProperty('java.class.path').split(':')
                .collect { new File(it).absoluteFile.toURI().toString() }.join(' ')
        new JarOutputStream(Files.newOutputStream(jar), manifest).close()
        // No class-data archive (the launcher's training run would take a minute): an empty one
        // with the stamp the launcher expects, which the JVM ignores.
        Files.createDirectories(cache)
        Files.writeString(cache.resolve('nslab.jsa'), '')
        def stamp = bash(['stat -L -c "%s %Y %n" "$1" "$(command -v java)" | tr "\\n" " "', '_', jar.toString()], [:])
        Files.writeString(cache.resolve('nslab.jsa.stamp'), stamp.out + '\n')
        def cc = new ProcessBuilder('cc', '-O2', '-o', cache.resolve('nslab-client').toString(), 'src/main/c/nslab-client.c')
                .redirectErrorStream(true).start()
        assert cc.waitFor() == 0: cc.inputStream.text
    }

    def cleanup() {
        Main.run('-q', 'daemon', 'stop') // this directory's, in this test world
        dev.nslab.state.Labs.labs().each { dev.nslab.apply.Applier.down(it) }
    }

    def cleanupSpec() {
        // what the daemons and their logs left in this world's /run/nslab
        def dir = Paths.get(DaemonFiles.DIRECTORY)
        if (Files.isDirectory(dir)) {
            Files.list(dir).withCloseable { it.toList() }.each { Files.delete(it) }
            Files.delete(dir)
        }
        work.toFile().deleteDir()
    }

    /** bash -c SCRIPT ARGS..., with this JVM's java first on PATH and NSLAB_DAEMON as env says (unset: the launcher's default). */
    private static Map bash(List<String> script, Map<String, String> env) {
        def pb = new ProcessBuilder(['bash', '-c'] + script)
        pb.environment().put('PATH', Paths.get(System.getProperty('java.home'), 'bin').toString() + ':' + System.getenv('PATH'))
        pb.environment().remove('NSLAB_DAEMON')
        pb.environment().putAll(env)
        def p = pb.start()
        def out = new StringBuffer(), err = new StringBuffer()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(300, TimeUnit.SECONDS)
        p.waitForProcessOutput()
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    /** The launcher as ./nslab runs it, started (not waited for). */
    private Process launcher(Map<String, String> env, String... args) {
        def pb = new ProcessBuilder(['bash', '-c', 'nslab_jar=$1 nslab_cache=$2 nslab_client_source=$3 nslab_train_script=$4; shift 4; '
                + 'source src/main/sh/launch.bash "$@"', 'nslab', jar.toString(), cache.toString(),
                new File('src/main/c/nslab-client.c').absolutePath, 'unused'] + (args as List))
        pb.environment().put('PATH', Paths.get(System.getProperty('java.home'), 'bin').toString() + ':' + System.getenv('PATH'))
        pb.environment().remove('NSLAB_DAEMON')
        pb.environment().putAll(env)
        pb.start()
    }

    private Map run(Map<String, String> env = [:], String... args) {
        def p = launcher(env, args)
        def out = new StringBuffer(), err = new StringBuffer()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(300, TimeUnit.SECONDS)
        p.waitForProcessOutput()
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    /** The processes running this jar, but the daemons: none, when no command runs. */
    private List<String> commandJvms() {
        Files.list(Paths.get('/proc')).withCloseable { it.toList() }.findAll { it.fileName.toString() ==~ /\d+/ }.collect {
            try {
                new String(Files.readAllBytes(it.resolve('cmdline'))).replace('\0', ' ')
            } catch (IOException ignored) {
                ''
            }
        }.findAll { it.contains(jar.toString()) && !it.contains(' daemon serve ') }
    }

    /** The daemon this directory's launcher started, once it serves. */
    private DaemonFiles.Running daemon() {
        assert Procs.eventually(120_000) { DaemonFiles.running(0, false).any { Files.exists(it.socket()) } }
        DaemonFiles.running(0, false).find { Files.exists(it.socket()) }
    }

    private Path script(String name, String text) {
        def f = work.resolve(name)
        Files.writeString(f, text)
        f
    }

    def "kill -9 of the launcher in the middle of an up leaves no JVM, and the next up converges"() {
        given:
        def f = script('kill9.netns.groovy', "namespace('k1') { veth 'eth0' addr '10.7.0.1/24' peer 'k1-p' }\n")

        when: 'the first command here (no daemon yet) pauses after its second step, and its launcher is killed'
        def p = launcher([NSLAB_PAUSE_AT: '2'], 'up', f.toString())
        def stderr = new BufferedReader(new InputStreamReader(p.errorStream))
        String line
        while ((line = stderr.readLine()) != null && !line.startsWith('nslab: paused at step 2')) {
        }
        assert line != null: 'the command ended before its pause'
        Ip.run(['kill', '-KILL', p.pid().toString()])
        p.waitFor(60, TimeUnit.SECONDS)

        then: 'no JVM is left running that command'
        Procs.eventually(60_000) { commandJvms().isEmpty() }

        when:
        def up = run('-q', 'up', f.toString())
        def down = run('-q', 'down', f.toString())

        then:
        up.rc == 0
        down.rc == 0
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
    }

    def "the daemon starts with a clean, fixed environment: not a client's JVM options or NSLAB_* settings"() {
        when: 'a command with JVM options of its own, then one with an NSLAB_* setting'
        def withOptions = run([JAVA_TOOL_OPTIONS: "-Dnslab.state=${work}/state".toString(), NSLAB_SPEC_SETTING: 'one'], 'list')
        def plain = run([NSLAB_SPEC_SETTING: 'two'], 'list')
        def d = daemon()
        def environ = new String(Files.readAllBytes(Paths.get("/proc/${d.pid()}/environ"))).split('\0') as List
        def cmdline = new String(Files.readAllBytes(Paths.get("/proc/${d.pid()}/cmdline"))).split('\0') as List

        then:
        withOptions.rc == 0
        plain.rc == 0
        environ.every { !it.startsWith('JAVA_TOOL_OPTIONS=') && !it.startsWith('NSLAB_') }
        !cmdline.any { it.startsWith('-Dnslab.state') }
    }

    def "the daemon's directory and files have fixed modes whatever the umask, and a planted log symlink is not written through"() {
        given: 'the log path of the daemon this directory would get holds a symlink to a file'
        def socket = bash(['"$1" --socket-path "$2"', '_', cache.resolve('nslab-client').toString(), jar.toString()], [:])
        assert socket.rc == 0: socket.err
        def sock = Paths.get(socket.out.trim())
        def log = Paths.get(sock.toString().replaceAll(/\.sock$/, '.log'))
        def victim = work.resolve('victim')
        Files.writeString(victim, '')
        Files.createDirectories(log.parent)
        Files.deleteIfExists(log)
        Files.createSymbolicLink(log, victim)

        when:
        def r = bash(['umask 000 && exec bash "$@"', '_', '-c', 'nslab_jar=$1 nslab_cache=$2 nslab_client_source=$3 nslab_train_script=x; shift 3; '
                + 'source src/main/sh/launch.bash "$@"', 'nslab', jar.toString(), cache.toString(),
                new File('src/main/c/nslab-client.c').absolutePath, 'list'], [:])
        def d = daemon()
        def mode = { Path p -> PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) }

        then:
        r.rc == 0
        d.socket() == sock
        Files.readString(victim) == ''
        !Files.isSymbolicLink(log)
        mode(log) == 'rw-------'
        mode(sock.parent) == 'rwx------'
        mode(sock) == 'rw-------'
        mode(Paths.get(sock.toString().replaceAll(/\.sock$/, '.pid'))) == 'rw-------'
        mode(Paths.get(sock.toString().replaceAll(/\.sock$/, '.lock'))) == 'rw-------'
    }

    def "a malformed NSLAB_DAEMON_IDLE is an error that says so, not a daemon that never starts"() {
        when:
        def r = run([NSLAB_DAEMON_IDLE: '10m'], 'list')

        then:
        r.rc == 2
        r.err.trim() == 'nslab: NSLAB_DAEMON_IDLE=10m is not a number of seconds (1 or more); unset it, or NSLAB_DAEMON=off for no daemon'
        DaemonFiles.running(0, true).isEmpty()
    }

    /**
     * {@code COMMAND | head -1} in bash, with the launcher's or the client's arguments: head
     * closes the pipe after the first line, long before nslab has written the rest; the exit
     * status is nslab's side of the pipe.
     */
    private Map intoHead(Map<String, String> env, List<String> command) {
        bash(['"$@" | head -1; exit "${PIPESTATUS[0]}"', '_'] + command, env)
    }

    def "| head -1 (EPIPE) is silent, with the same exit status in a JVM of its own and through the daemon"() {
        given: 'a plan of 1000 hosts: some 400 KB of output, far more than a pipe holds'
        def args = ['plan', '-P', 'hosts=1000', new File('dsl-examples/star.netns.groovy').absolutePath]
        def launcher = ['bash', '-c', 'nslab_jar=$1 nslab_cache=$2 nslab_client_source=$3 nslab_train_script=x; shift 3; '
                + 'source src/main/sh/launch.bash "$@"', 'nslab', jar.toString(), cache.toString(),
                new File('src/main/c/nslab-client.c').absolutePath] + args

        when: 'without a daemon; then the first command here, which starts one'
        def own = intoHead([NSLAB_DAEMON: 'off'], launcher)
        def first = intoHead([:], launcher)
        daemon()

        and: 'through the daemon: its client as the launcher runs it (declined would be 76), then the launcher'
        def served = intoHead([:], [cache.resolve('nslab-client').toString(), jar.toString()] + args)
        def viaLauncher = intoHead([:], launcher)

        then: 'each printed the first line and nothing on stderr, and all exit alike'
        [own, first, served, viaLauncher].every { it.out == 'netns add h1\n' }
        [own, first, served, viaLauncher].collect { it.err } == ['', '', '', '']
        [own, first, served, viaLauncher].collect { it.rc } == [own.rc] * 4
        own.rc == 0
    }

    def "daemon start: this directory's daemon now, before any command; the next command is served by it"() {
        when:
        def start = run([:], 'daemon', 'start')
        def started = daemon()
        def list = run([:], 'list')

        then: 'it said where it serves, and the command found it (no second daemon)'
        start.rc == 0
        start.out.startsWith("nslab daemon serving ${Paths.get('').toAbsolutePath()} (/run/nslab/daemon/")
        list.rc == 0
        DaemonFiles.running(0, false)*.pid() == [started.pid()]

        when: 'bad options, and the jar without its launcher'
        def unknown = run([:], 'daemon', 'start', '--later')
        def idle = run([:], 'daemon', 'start', '--idle', 'soon')
        def bare = Main.run('daemon', 'start')

        then:
        unknown.rc == 2
        unknown.err == "nslab daemon start: unknown option '--later' (--foreground, --idle SECONDS)\n"
        idle.rc == 2
        idle.err == 'nslab daemon start: --idle soon is not a number of seconds (0: never idle out)\n'
        bare == 2
    }
}
