package dev.nslab.cli

import dev.nslab.sandbox.Sandbox
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * nslab sandbox, run as a real separate process (two JVMs: the outer one and the sandbox's
 * first process), from the test JVM's own throwaway world, which plays "the host" here.
 */
class SandboxSpec extends Specification {
    static final String TWO_HOSTS = 'dsl-examples/two-hosts.netns.groovy'

    /** Starts {@code nslab ARGS...} with this JVM's class path; output collected. */
    static Process nslab(List<String> args) {
        def java = ProcessHandle.current().info().command().get()
        new ProcessBuilder(([java, '-XX:TieredStopAtLevel=1', '-cp', System.getProperty('java.class.path'),
                            'dev.nslab.cli.Main'] + args)*.toString()).redirectErrorStream(false).start()
    }

    static Map finish(Process p, int seconds = 60) {
        def out = new StringBuffer(), err = new StringBuffer()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(seconds, TimeUnit.SECONDS): "nslab did not finish in ${seconds}s: $err"
        p.waitForProcessOutput()
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    /** Every PID whose namespace link (net, mnt, pid) reads {@code link}. */
    static List<String> pidsIn(String kind, String link) {
        new File('/proc').listFiles().findAll { it.name ==~ /\d+/ }.findAll {
            try {
                Files.readSymbolicLink(new File(it, "ns/$kind").toPath()).toString() == link
            } catch (IOException gone) {
                false
            }
        }*.name
    }

    def "inside, the lab is up, the machine's devices are invisible, and a stand-in eth0 replaces the real one"() {
        given: "this world's own eth0, which must stay as it is"
        Ip.run(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0-far'])
        Ip.run(['ip', 'addr', 'add', '198.51.100.1/24', 'dev', 'eth0'])
        def eth0Before = Ip.link(null, 'eth0')
        def addressesBefore = Ip.addresses(null)

        when:
        def r = finish(nslab(['sandbox', '--stand-in', 'eth0', TWO_HOSTS, '--',
                              'sh', '-c', 'ip -br link; ip -br -4 addr; ip netns list; ' +
                                      'ip netns exec h1 ping -c 1 -W 2 10.0.0.1 >/dev/null && echo pinged; echo "lab=$NSLAB_SANDBOX"; exit 7']))
        def links = r.out.readLines().findAll { it =~ /^\S+\s+(UP|UNKNOWN|DOWN|LOWERLAYERDOWN)\s+..:/ }
                .collect { it.split(/\s+/)[0].replaceAll(/@.*/, '') }

        then: "the command's status is the sandbox's"
        r.rc == 7
        r.err.contains('nslab sandbox: lab two-hosts is up')

        and: "inside: lo and the stand-in (a veth and its peer), nothing of this world's"
        links.toSet() == ['lo', 'eth0', 'sb-eth0'] as Set
        r.out.readLines().any { it ==~ /eth0@sb-eth0\s+UP\s+192\.0\.2\.1\/24\s*/ }
        !r.out.contains('198.51.100.1')
        !r.out.contains('eth0-far')
        r.out.readLines().findAll { it ==~ /h[12]( .*)?/ }*.split(' ')*.getAt(0).toSet() == ['h1', 'h2'] as Set
        r.out.contains('pinged')
        r.out.contains('lab=two-hosts')

        and: "outside: the real eth0 untouched, no namespace, no journal"
        Ip.link(null, 'eth0').ifindex == eth0Before.ifindex
        Ip.link(null, 'eth0').address == eth0Before.address
        Ip.addresses(null) == addressesBefore
        Ip.netns() == []
        !new File('/run/nslab/two-hosts').exists()

        cleanup:
        Ip.status(['ip', 'link', 'del', 'eth0'])
    }

    def "the article's bridge lab in a sandbox: eth0's address moves to br0, and ns1 reaches a machine on the LAN behind eth0"() {
        when:
        def r = finish(nslab(['sandbox', '--stand-in', 'eth0=192.168.56.130/24,lan', 'dsl-examples/seed-bridge.netns.groovy', '--',
                              'sh', '-c', 'ip -br -4 addr show dev eth0; ip -br -4 addr show dev br0; ip -br link show master br0; ' +
                                      'ip -n lan -br -4 addr; ip netns exec ns1 ping -c 1 -W 5 192.168.56.1 >/dev/null && echo lan-pinged; ' +
                                      'ping -c 1 -W 5 192.168.56.131 >/dev/null && echo host-pinged-ns1']), 120)
        def lines = r.out.readLines()*.trim()

        then:
        r.rc == 0
        r.err.contains("LAN lan at 192.168.56.1 behind eth0; eth0's address moved to br0")
        !lines.any { it =~ /^eth0@\S+\s+UP\s+192\.168/ }                  // no address left on the port
        lines.any { it ==~ /br0\s+UP\s+192\.168\.56\.130\/24\s*/ }      // the bridge has it, once
        lines.findAll { it.startsWith('eth0@') || it.startsWith('veth1@') }.size() == 2  // br0's ports
        lines.any { it ==~ /sb-eth0@\S+\s+UP\s+192\.168\.56\.1\/24\s*/ }   // the LAN machine
        r.out.contains('lan-pinged')
        r.out.contains('host-pinged-ns1')
        Ip.netns() == []
    }

    def "--stand-in NAME=CIDR,lan puts the LAN machine at the subnet's first free address"() {
        expect:
        Sandbox.parseStandIn(arg, 0).toString() == parsed
        Sandbox.lanAddress(Sandbox.parseStandIn(arg, 0).address()).toString() == lan

        where:
        arg                            | parsed                         | lan
        'eth0=192.168.56.130/24,lan'   | 'eth0=192.168.56.130/24,lan'   | '192.168.56.1/24'
        'eth0=10.0.0.1/8,lan'          | 'eth0=10.0.0.1/8,lan'          | '10.0.0.2/8'
        'eth1,lan'                     | 'eth1=192.0.2.1/24,lan'        | '192.0.2.2/24'
        'eth0=fd00::5/64,lan'          | 'eth0=fd00::5/64,lan'          | 'fd00::1/64'
        'eth0=192.168.56.130/24'       | 'eth0=192.168.56.130/24'       | '192.168.56.1/24'
    }

    def "two sandboxes of the same lab run at once without seeing each other, and leave nothing"() {
        given:
        def linksBefore = Ip.links(null).collect { "${it.ifname} ${it.ifindex}" }
        def meet = Files.createTempDirectory('nslab-meet').toFile()
        // Each marks that it is up, then waits for the other: the two labs were up at the same time.
        def script = { me, other ->
            "touch ${meet}/${me}; i=0; while [ ! -e ${meet}/${other} ] && [ \$i -lt 400 ]; do sleep 0.1; i=\$((i+1)); done; " +
                    "[ -e ${meet}/${other} ] && echo met; ip netns list; stat -L -c 'h1 inode %i' /run/netns/h1; " +
                    "ip netns exec h1 ping -c 1 -W 2 10.0.0.1 >/dev/null && echo pinged"
        }

        Process a = null, b = null

        when:
        a = nslab(['sandbox', TWO_HOSTS, '--', 'sh', '-c', script('a', 'b')])
        b = nslab(['sandbox', TWO_HOSTS, '--', 'sh', '-c', script('b', 'a')])
        def ra = finish(a, 120), rb = finish(b, 120)

        then: "both were up together, each with its own h1 and h2"
        ra.rc == 0
        rb.rc == 0
        ra.out.contains('met') && rb.out.contains('met')
        ra.out.contains('pinged') && rb.out.contains('pinged')
        ra.out.readLines().findAll { it ==~ /h[12]( .*)?/ }*.split(' ')*.getAt(0).toSet() == ['h1', 'h2'] as Set
        rb.out.readLines().findAll { it ==~ /h[12]( .*)?/ }*.split(' ')*.getAt(0).toSet() == ['h1', 'h2'] as Set
        inode(ra.out) != inode(rb.out)

        and: "this world unchanged after both"
        Ip.netns() == []
        Ip.links(null).collect { "${it.ifname} ${it.ifindex}" } == linksBefore
        Ip.nsfsMounts() == []
        Journalless()

        cleanup:
        [a, b].findAll().each { it.destroyForcibly().waitFor() }
        meet.deleteDir()
    }

    def "kill -9 of nslab sandbox ends every process inside, and with them the namespaces"() {
        given:
        def p = nslab(['sandbox', TWO_HOSTS, '--', 'sleep', '300'])
        def err = new BufferedReader(new InputStreamReader(p.errorStream))
        def up = err.readLine()
        Thread.sleep(300)   // the line comes just before the command starts
        assert up?.startsWith('nslab sandbox: lab two-hosts is up')
        def inside = p.toHandle().descendants().toList()
        def sleeper = inside.find { it.info().command().orElse('').endsWith('/sleep') }
        assert sleeper
        def net = Files.readSymbolicLink(new File("/proc/${sleeper.pid()}/ns/net").toPath()).toString()
        def mnt = Files.readSymbolicLink(new File("/proc/${sleeper.pid()}/ns/mnt").toPath()).toString()
        def pidns = Files.readSymbolicLink(new File("/proc/${sleeper.pid()}/ns/pid").toPath()).toString()

        expect: "the sandbox is a world of its own"
        net != Files.readSymbolicLink(new File('/proc/self/ns/net').toPath()).toString()
        pidsIn('net', net).contains(sleeper.pid() as String)

        when:
        p.destroyForcibly()   // SIGKILL
        p.waitFor()
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while ((inside.any { it.alive } || pidsIn('mnt', mnt)) && System.nanoTime() < deadline) {
            Thread.sleep(100)
        }

        then: "no process is left in the sandbox's network, mount or PID namespace"
        inside.findAll { it.alive && !zombie(it.pid()) }*.pid() == []
        pidsIn('net', net).findAll { !zombie(it as long) } == []
        pidsIn('mnt', mnt).findAll { !zombie(it as long) }.collect { new File("/proc/$it/cmdline").text.replace('\0', ' ') } == []
        pidsIn('pid', pidns).findAll { !zombie(it as long) } == []

        and: "and nothing here"
        Ip.netns() == []
        Ip.nsfsMounts() == []
        Journalless()

        cleanup: 'should the sandbox have outlived nslab, end it so the next feature starts clean'
        inside?.each { it.destroyForcibly() }
    }

    def "--inside refuses to run anywhere but as the first process of a fresh sandbox"() {
        given:
        def err = new StringWriter()

        when:
        def rc = Main.commandLine('sandbox', '--inside', TWO_HOSTS).tap {
            setErr(new PrintWriter(err))
        }.execute('sandbox', '--inside', TWO_HOSTS)

        then:
        rc == 1
        err.toString().trim() ==~ /nslab: sandbox --inside: this process is PID \d+, not the first process of a fresh PID namespace: run 'nslab sandbox FILE', not --inside/
        Ip.netns() == []
        !new File('/proc/self/mountinfo').text.contains('nslab-sandbox')
    }

    def "a wrong --stand-in is refused before anything starts"() {
        given:
        def err = new StringWriter()

        when:
        def rc = Main.commandLine('sandbox', '--stand-in', arg, TWO_HOSTS).tap {
            setErr(new PrintWriter(err))
        }.execute('sandbox', '--stand-in', arg, TWO_HOSTS)

        then:
        rc == 2
        err.toString().trim() == message

        where:
        arg               | message
        'eth0=10.0.0.1'   | "nslab: --stand-in eth0=10.0.0.1: '10.0.0.1' has no prefix length (write it as ADDRESS/LENGTH) (expected NAME or NAME=ADDRESS/LENGTH, and ,lan for a LAN behind it)"
        'a/b'             | "nslab: --stand-in a/b: invalid interface name 'a/b': use 1 to 15 of A-Z a-z 0-9 _ . -, starting with a letter"
    }

    def "the launcher is setpriv --pdeathsig KILL, then unshare with a PID namespace whose first process dies with unshare"() {
        expect:
        Sandbox.launcher(['java', '-version']) == ['setpriv', '--pdeathsig', 'KILL', '--', 'unshare', '--net', '--mount', '--pid',
                                                   '--fork', '--kill-child', '--mount-proc', '--propagation', 'private', '--',
                                                   'java', '-version']
        Sandbox.parseStandIn('eth0', 0).toString() == 'eth0=192.0.2.1/24'
        Sandbox.parseStandIn('eth1', 1).toString() == 'eth1=192.0.2.2/24'
        Sandbox.parseStandIn('eth0=fd00::9/64', 0).toString() == 'eth0=fd00::9/64'
        Sandbox.standInPeer('enp0s31f6abcdef') == 'sb-enp0s31f6abc'
    }

    private static String inode(String out) {
        out.readLines().find { it.startsWith('h1 inode ') }
    }

    private static boolean zombie(long pid) {
        try {
            new File("/proc/$pid/stat").text.replaceAll(/^.*\) /, '').startsWith('Z')
        } catch (IOException gone) {
            true
        }
    }

    private static boolean Journalless() {
        !new File('/run/nslab').listFiles()?.any { new File(it, 'journal').exists() }
    }
}
