package dev.nslab.release

import dev.nslab.cli.Main
import dev.nslab.testing.Ip
import picocli.CommandLine
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * target/nslab_VERSION_all.deb: its control fields and files as dpkg-deb reads them, then
 * installed with dpkg, used, and removed. The install happens in a mount namespace of its own,
 * held by a process the spec starts (and ends), entered with nsenter; in it /usr, /etc and /var
 * are overlays on a tmpfs: dpkg writes there, the machine's own directories stay as they were,
 * and the network is the test world's. The labs' namespaces are bound under that mount
 * namespace's own copy of /run/netns.
 *
 * The namespace is held by a process, not by a bind mount of its nsfs file (unshare --mount=FILE):
 * the kernel refuses that bind (EINVAL) once the test world's /run/netns is a shared mount
 * holding a namespace, as it is after any earlier spec of the run brought a lab up.
 */
@Stepwise
class DebPackageSpec extends Specification {
    @Shared
    Path deb
    @Shared
    Path work
    /** The process that holds the private mount namespace: it ends when its stdin closes. */
    @Shared
    Process holder
    /** jdeb's Debian version of a Maven one: 0.1.0-SNAPSHOT is 0.1.0~snapshot, before 0.1.0 */
    static final String DEB_VERSION = Run.VERSION.replace('-', '~').toLowerCase()
    static final Map<String, String> NO_DAEMON = [NSLAB_DAEMON: 'off'] // no daemon outlives the spec

    def setupSpec() {
        deb = Run.TARGET.resolve("nslab_${DEB_VERSION}_all.deb")
        assert Files.isRegularFile(deb)
        work = Files.createTempDirectory('nslab-deb')
        Files.createDirectories(work.resolve('rw'))
        // Private propagation: the overlays and the tmpfs are seen inside only. `read` returns
        // when stdin closes: in cleanupSpec, or when this JVM dies, so the holder never outlives it.
        holder = new ProcessBuilder('unshare', '--mount', '--propagation', 'private', '--', 'sh', '-ec', """
            mount -t tmpfs nslab-deb-rw ${work}/rw
            for d in usr etc var; do
              mkdir ${work}/rw/\$d ${work}/rw/\$d.work
              mount -t overlay overlay -o lowerdir=/\$d,upperdir=${work}/rw/\$d,workdir=${work}/rw/\$d.work /\$d
            done
            echo ready
            read _ || true""".stripIndent()).redirectErrorStream(true).start()
        def first = new BufferedReader(new InputStreamReader(holder.inputStream)).readLine()
        assert first == 'ready': "the private mount namespace was not made: ${first}"
    }

    def cleanupSpec() {
        if (holder != null) {
            holder.outputStream.close() // its `read` returns; the namespace ends with the last process in it
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly()
                holder.waitFor()
            }
        }
        work?.toFile()?.deleteDir()
    }

    /** A command in the private mount namespace (and the test world's network). */
    private Run inside(List<String> cmd, Map<String, String> env = [:]) {
        Run.of(['nsenter', "--target=${holder.pid()}", '--mount', '--'] + cmd, env)
    }

    def "the control fields: name, version, all architectures, a headless Java 17 or later"() {
        when:
        def fields = Run.of(['dpkg-deb', '-f', deb.toString()]).out

        then:
        fields.contains('Package: nslab\n')
        fields.contains("Version: ${DEB_VERSION}\n")
        fields.contains('Architecture: all\n')
        fields.contains('Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, iproute2\n')
    }

    def "the files: launcher, jar, a man page per command, completion, systemd template, route protocol name"() {
        given: 'every command of the command line, as picocli knows them'
        def pages = manPages(Main.commandLine(), 'nslab')

        when:
        def listing = Run.of(['dpkg-deb', '-c', deb.toString()]).out.readLines()
        def files = listing.collectEntries { line ->
            def f = line.split(/\s+/)
            [(f[5].substring(1)): f[0] + ' ' + f[1]]
        }

        then:
        files['/usr/bin/nslab'] == '-rwxr-xr-x root/root'
        files['/usr/share/nslab/nslab.jar'] == '-rw-r--r-- root/root'
        files.containsKey('/usr/share/nslab/launch.bash')
        files.containsKey('/usr/share/nslab/nslab-client.c')
        files.containsKey('/usr/share/nslab/examples/star.netns.groovy')
        pages.size() > 15
        pages.every { files.containsKey("/usr/share/man/man1/${it}.1.gz".toString()) }
        files.keySet().findAll { it.startsWith('/usr/share/man/man1/') && it.endsWith('.gz') }.size() == pages.size()
        files.containsKey('/usr/share/bash-completion/completions/nslab')
        files.containsKey('/usr/share/zsh/vendor-completions/_nslab')
        files.containsKey('/usr/lib/systemd/system/nslab@.service')
        files.containsKey('/usr/lib/systemd/system/nslab-daemon.service')
        files.containsKey('/etc/iproute2/rt_protos.d/nslab.conf')
        files.containsKey('/usr/share/doc/nslab/copyright')
        Run.of(['dpkg-deb', '--ctrl-tarfile', deb.toString()]).rc == 0
        Run.of(['sh', '-c', "dpkg-deb -e ${deb} ${work}/control && cat ${work}/control/conffiles"]).out == '/etc/iproute2/rt_protos.d/nslab.conf\n'
    }

    def "dpkg -i installs it into the private /usr, /etc and /var, not the machine's"() {
        when:
        def install = inside(['dpkg', '-i', deb.toString()])

        then:
        install.rc == 0
        inside(['dpkg-query', '-W', '-f', '${Status} ${Version}', 'nslab']).out == "install ok installed ${DEB_VERSION}"
        inside(['test', '-x', '/usr/bin/nslab']).rc == 0
        !Files.exists(Path.of('/usr/bin/nslab')) // the test JVM's own mount namespace: untouched

        and: 'postinst recorded the class-data archive (no first command pays for its training run) and enabled the boot-time daemon'
        inside(['test', '-s', '/var/cache/nslab/nslab.jsa']).rc == 0
        inside(['sh', '-c', 'command -v deb-systemd-helper']).rc != 0 // without the helper there is nothing to enable with
                || inside(['test', '-L', '/etc/systemd/system/multi-user.target.wants/nslab-daemon.service']).rc == 0
    }

    def "the man pages render without a warning from groff"() {
        when:
        def render = inside(['sh', '-c', 'for p in /usr/share/man/man1/nslab*.1.gz; do zcat $p | groff -man -Tutf8 -ww -z || exit 1; done'])
        def up = inside(['sh', '-c', 'MANWIDTH=100 man nslab-up'])

        then:
        render.rc == 0
        render.err == ''
        up.out.contains('nslab up [-hqvV] [--allow-host-devices] [--trust] [--color=WHEN] [--timeout=SECONDS]')
    }

    def "/usr/bin/nslab --version: the jar's version and commit, from any folder"() {
        when:
        def r = inside(['sh', '-c', 'cd / && nslab --version'], NO_DAEMON)

        then:
        r.rc == 0
        r.out ==~ /nslab ${java.util.regex.Pattern.quote(Run.VERSION)} \(commit [0-9a-f]{7,}( with uncommitted changes)?\)\n/
        r.err == ''
        inside(['test', '-s', '/var/cache/nslab/nslab.jsa']).rc == 0 // the launcher's class-data archive
    }

    def "a lab from the installed nslab: up, ip shows its routes as proto nslab, down"() {
        when:
        def up = inside(['nslab', '-q', 'up', '/usr/share/nslab/examples/routed.netns.groovy'], NO_DAEMON)
        def routes = inside(['ip', '-n', 'ns1', 'route', 'show', '10.9.0.0/16'])

        then: 'the namespaces are bound under the /run/netns the package sees (its mount namespace\'s own copy)'
        up.rc == 0
        inside(['ip', 'netns', 'list']).out.readLines()*.tokenize()*.first().sort() == ['isolated', 'ns1']
        routes.out.trim() == '10.9.0.0/16 via 10.0.0.254 dev eth0 proto nslab'

        when:
        def down = inside(['nslab', '-q', 'down', 'routed'], NO_DAEMON)

        then:
        down.rc == 0
        inside(['ip', 'netns', 'list']).out.trim() == ''

        cleanup:
        if (!inside(['ip', 'netns', 'list']).out.trim().isEmpty()) {
            inside(['nslab', '-q', 'down', 'routed'], NO_DAEMON)
        }
    }

    def "nslab unit writes a unit that runs /usr/bin/nslab; systemd-analyze verify accepts it and the template"() {
        when:
        def unit = inside(['sh', '-c', 'nslab unit --install --dir /etc/systemd/system /usr/share/nslab/examples/two-hosts.netns.groovy'
                + ' && cat /etc/systemd/system/nslab-two-hosts.service'], NO_DAEMON)
        def verify = inside(['systemd-analyze', '--man=no', 'verify', '/etc/systemd/system/nslab-two-hosts.service'])
        def template = inside(['systemd-analyze', '--man=no', 'verify', 'nslab@two-hosts.service'])

        then:
        unit.rc == 0
        unit.out.contains('ExecStart=/usr/bin/nslab up /usr/share/nslab/examples/two-hosts.netns.groovy\n')
        unit.out.contains('ExecStop=/usr/bin/nslab down two-hosts\n')
        verify.rc == 0
        !(verify.out + verify.err).contains('nslab-two-hosts.service')
        template.rc == 0
        !(template.out + template.err).contains('nslab@')
        Run.of(['cat', Run.TARGET.resolve('deb/usr/lib/systemd/system/nslab@.service').toString()]).out.contains(
                'ExecStart=/usr/bin/nslab up /etc/nslab/%i.netns.groovy\nExecStop=/usr/bin/nslab down /etc/nslab/%i.netns.groovy\n')
    }

    def "nslab-daemon.service: systemd-analyze accepts it; its command line serves root's commands in /root, until daemon stop"() {
        given: 'the unit as installed'
        def unit = inside(['cat', '/usr/lib/systemd/system/nslab-daemon.service']).out
        def execStart = unit.readLines().find { it.startsWith('ExecStart=') }.substring('ExecStart='.length())

        when: 'its ExecStart, run as systemd runs it: in /root, with an empty environment but PATH'
        def verify = inside(['systemd-analyze', '--man=no', 'verify', 'nslab-daemon.service'])
        def service = new ProcessBuilder(['nsenter', "--target=${holder.pid()}", '--mount', '--', 'sh', '-c',
                'cd /root && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin ' + execStart].collect { it.toString() })
                .redirectErrorStream(true).start()
        def log = new ByteArrayOutputStream()
        def reader = Thread.start { log << service.inputStream }
        def inRoot = { String command -> inside(['sh', '-c', 'cd /root && ' + command]) }
        def listed = false
        for (int i = 0; i < 600 && !listed && service.alive; i++) { // listed at once; serving once warm, when its socket exists
            def line = inRoot('nslab daemon status').out.readLines().find { it.trim().startsWith("${service.pid()} ") }
            listed = line != null && inside(['test', '-S', line.tokenize().last()]).rc == 0
            if (!listed) {
                Thread.sleep(100)
            }
        }

        then: 'the unit is valid, and the daemon it runs is root\'s for /root'
        verify.rc == 0
        !(verify.out + verify.err).contains('nslab-daemon.service')
        execStart == '/usr/bin/nslab daemon start --foreground --idle 0'
        listed

        when: 'a command in /root, then the daemon stopped as a user would'
        def list = inRoot('nslab list')
        def status = inRoot('nslab daemon status')
        def stop = inRoot('nslab daemon stop')

        then: 'the command was served by it (no second daemon started), and it ended when asked'
        list.rc == 0
        status.out.readLines().size() == 2 // the heading and that one daemon
        inside(['sh', '-c', 'cat /run/nslab/daemon/*.log']).out == '' // the launcher started no daemon of its own
        stop.rc == 0
        service.waitFor(30, TimeUnit.SECONDS)
        reader.join()
        log.toString().contains('stopped by a signal after serving 1 commands')

        cleanup:
        service?.destroyForcibly()
        inside(['sh', '-c', 'rm -rf /run/nslab/daemon']) // its directory, in the test world's /run/nslab
    }

    def "bash completes nslab's subcommands and options"() {
        when:
        def words = { String line ->
            inside(['bash', '-c', 'source /usr/share/bash-completion/completions/nslab; COMP_LINE="$1"; read -ra COMP_WORDS <<<"$1";'
                    + ' [[ $1 == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _complete_nslab; printf "%s\\n" "${COMPREPLY[@]}"',
                    'complete', line]).out.readLines().sort()
        }

        then:
        words('nslab u') == ['unit', 'up']
        words('nslab up --a') == ['--allow-host-devices']
        words('nslab daemon s') == ['serve', 'start', 'status', 'stop']
    }

    def "zsh completes them too: the package's _nslab runs the bash completion through bashcompinit"() {
        given: 'a zsh in a pseudo-terminal, typing and pressing Tab (zsh is installed by .ci/test)'
        def driver = Path.of(getClass().getResource('/zsh-complete.zsh').toURI()).toString()

        when:
        def screen = inside(['zsh', '-f', driver, 'nslab daemon s', 'serve +start +status +stop'])

        then:
        screen.rc == 0
        screen.out =~ /serve +start +status +stop/
    }

    def "dpkg -r removes its files but the conffile; dpkg -P that too, and the launcher's cache"() {
        when:
        def remove = inside(['dpkg', '-r', 'nslab'])

        then:
        remove.rc == 0
        inside(['test', '-e', '/usr/bin/nslab']).rc == 1
        inside(['test', '-e', '/usr/share/nslab']).rc == 1
        inside(['test', '-e', '/usr/share/man/man1/nslab.1.gz']).rc == 1
        inside(['test', '-e', '/etc/iproute2/rt_protos.d/nslab.conf']).rc == 0
        inside(['test', '-e', '/var/cache/nslab']).rc == 1

        when:
        def purge = inside(['dpkg', '-P', 'nslab'])

        then:
        purge.rc == 0
        inside(['test', '-e', '/etc/iproute2/rt_protos.d/nslab.conf']).rc == 1
        inside(['dpkg-query', '-W', 'nslab']).rc != 0
    }

    /** nslab.1, nslab-up.1, nslab-daemon-status.1, ...: one per command, as ManPageGenerator names them. */
    private static List<String> manPages(CommandLine cl, String name) {
        [name] + cl.subcommands.collectMany { String sub, CommandLine c -> manPages(c, "${name}-${sub}") }.unique()
    }
}
