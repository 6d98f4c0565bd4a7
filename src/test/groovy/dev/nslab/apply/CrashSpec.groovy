package dev.nslab.apply

import dev.nslab.state.Labs
import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import dev.nslab.testing.Residue
import dev.nslab.testing.ResidueCheck
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/**
 * The runner killed with SIGKILL between any two of its steps: the next up converges, a second
 * up changes nothing, and down leaves the host as it began. The runner is a real child process
 * (inside this test JVM's sandbox), paused at step K by NSLAB_PAUSE_AT and killed there.
 */
class CrashSpec extends Specification {
    def cleanup() {
        Labs.labs().each { Applier.down(it) }
        removeStandIns()
    }

    static final String SCRIPT = '''
        bridge 'cbr0' addr '10.60.0.1/24'
        namespace('c1') {
            veth 'eth0' addr '10.60.0.2/24' peer 'c1-p' master 'cbr0'
            route 'default' via '10.60.0.1'
        }
        namespace('c2') {
            veth 'eth0' addr '10.60.0.3/24' peer 'c2-p' master 'cbr0'
            veth 'east' addr '10.61.0.1/24' peer 'west' netns 'c3' addr '10.61.0.2/24'
            sysctl 'net.ipv4.ip_forward', 1
        }
        namespace('c3') {
            route 'default' via '10.61.0.1'
        }
    '''.stripIndent()

    def "killed at every step, the lab converges on the next up and down leaves nothing"() {
        given:
        def file = Files.createTempFile('crash', '.netns.groovy')
        Files.writeString(file, SCRIPT)
        def linksBefore = Ip.linkNames(null)
        def lab = new ScriptRunner().load(file)
        int killedAt = 0

        when:
        for (int k = 1; k < 60; k++) {
            def child = runner(file, k, [])
            def stderr = new BufferedReader(new InputStreamReader(child.errorStream))
            String line
            boolean paused = false
            while ((line = stderr.readLine()) != null) {
                if (line.startsWith("nslab: paused at step $k")) {
                    paused = true
                    break
                }
            }
            if (!paused) {
                child.waitFor(30, TimeUnit.SECONDS)
                Applier.down(lab.labName())
                break
            }
            Ip.run(['kill', '-KILL', child.pid().toString()])
            child.waitFor(10, TimeUnit.SECONDS)
            killedAt = k

            def first = Applier.up(lab)
            def second = Applier.up(lab)
            assert second.plan().isEmpty() : "step $k: second up still wanted ${second.plan().changes().collect { dev.nslab.plan.IpText.batchLine(it) }}"
            assert Ip.link('c2', 'eth0').flags.contains('LOWER_UP')
            assert Ip.link(null, 'c1-p').master == 'cbr0'
            assert Ip.addresses('c3').contains('west 10.61.0.2/24')
            Applier.down(lab.labName())
            assert Ip.netns() == [] : "step $k: namespaces left: ${Ip.netns()}"
            assert Ip.linkNames(null) == linksBefore : "step $k: links left: ${Ip.linkNames(null) - linksBefore}"
            assert !new File('/run/nslab/' + lab.labName() + '/journal').exists()
        }

        then: 'every kind of step was covered: namespaces, bridge, veths, settings, routes, sysctl'
        killedAt >= 12
        Ip.netns() == []
        Ip.linkNames(null) == linksBefore

        cleanup:
        Files.deleteIfExists(file)
    }

    /**
     * The second lab touches what the first does not: an uplink enslaved to a bridge that takes
     * its address (the seed article's demolition), an uplink moved into a namespace, taps in the
     * host and in a namespace, and a spawned process. The host's "eth0" and "eth1" are stand-ins
     * (veths made here, inside the test JVM's own namespace), with an address and a route each.
     */
    static final String UPLINK_SCRIPT = '''
        bridge 'ubr0' addr '10.62.0.1/24'
        uplink 'eth0' master 'ubr0'
        tap 'htap0'
        namespace('u1') {
            veth 'eth0' addr '10.62.0.2/24' peer 'u1-p' master 'ubr0'
            tap 'tap0'
            spawn 'sleeper', 'sleep', '1000'
        }
        namespace('u2') {
            uplink 'eth1'
        }
    '''.stripIndent()

    def "killed at every step of a lab with uplinks, taps and a spawn, the lab converges and down gives the host back as it was"() {
        given:
        standIns()
        def file = Files.createTempFile('crash-uplink', '.netns.groovy')
        Files.writeString(file, UPLINK_SCRIPT)
        def lab = new ScriptRunner().load(file)
        def host = Residue.take()
        List<String> kinds = []

        when:
        int killedAt = killAtEveryStep(file, ['--allow-host-devices'], lab, 60, { int k, String step ->
            kinds << step
            def first = Applier.up(lab, true)
            def second = Applier.up(lab, true)
            assert second.plan().isEmpty() : "step $k ($step): second up still wanted ${second.plan().changes().collect { dev.nslab.plan.IpText.batchLine(it) }}"
            assert Ip.link(null, 'eth0').master == 'ubr0'
            assert Ip.addresses(null).contains('ubr0 10.62.0.1/24') && !Ip.addresses(null).contains('eth0 10.62.0.1/24')
            assert Ip.linkNames('u2').contains('eth1') && !Ip.linkNames(null).contains('eth1')
            assert Ip.linkNames(null).contains('htap0') && Ip.linkNames('u1').contains('tap0')
            assert dev.nslab.apply.Spawns.list(lab.labName())*.state == ['sleeping']
            Applier.down(lab.labName())
            def left = ResidueCheck.settle(host)
            assert left == [] : "step $k ($step): after down the host is not as it began: $left"
        })

        then: 'every kind of step was killed at: placeholder, bind, links, taps, uplink move, settings, spawn'
        killedAt >= 10
        kinds.any { it.contains('placeholder') }
        kinds.any { it.contains('bound') }
        kinds.any { it.startsWith('tap htap0') } && kinds.any { it.startsWith('tap tap0') }
        kinds.any { it.startsWith('spawn sleeper') }
        kinds.count { it.contains('requests in host') } >= 3
        ResidueCheck.settle(host) == []

        cleanup:
        Files.deleteIfExists(file)
        removeStandIns()
    }

    def "a request the kernel refuses in the middle of a batch undoes the run to where it began"() {
        given: 'a lab whose route goes via a gateway on a link that is down: the kernel refuses it, after the namespace, veth and address'
        standIns()
        def file = Files.createTempFile('refused', '.netns.groovy')
        Files.writeString(file, """\
            bridge 'rbr0' addr '10.62.0.1/24'
            uplink 'eth0' master 'rbr0'
            namespace('r1') {
                veth('eth0').addr('10.64.0.1/24').down().peer('r1-p').addr('10.64.0.254/24')
                route '10.99.0.0/16' via '10.64.0.2'
            }
            """.stripIndent())
        def lab = new ScriptRunner().load(file)
        def host = Residue.take()

        when:
        Applier.up(lab, true)

        then:
        def e = thrown(ApplyException)
        e.message == ("${file}:5: 'ip -n r1 route replace 10.99.0.0/16 via 10.64.0.2 proto 78' failed: ENETUNREACH (Network is unreachable):"
                + ' kernel says "Nexthop has invalid gateway"').toString()
        Ip.netns() == []
        !Ip.linkNames(null).contains('r1-p') && !Ip.linkNames(null).contains('rbr0')
        Ip.addresses(null).contains('eth0 10.62.0.1/24')
        Ip.link(null, 'eth0').master == null
        Ip.routes(null).any { it.dst == '10.63.0.0/16' && it.gateway == '10.62.0.254' }
        !Files.exists(Paths.get('/run/nslab', lab.labName()))
        ResidueCheck.settle(host) == []

        cleanup:
        Files.deleteIfExists(file)
        removeStandIns()
    }

    def "on a lab that is up, a refused run removes what it added and leaves the rest as it was"() {
        given:
        def file = Files.createTempFile('refused-later', '.netns.groovy')
        Files.writeString(file, "namespace('r0') { veth 'eth0' addr '10.65.0.1/24' peer 'r0-p' addr '10.65.0.254/24' }\n")
        def lab = new ScriptRunner().load(file)
        Applier.up(lab)
        def up = Residue.take()
        def inside = Ip.addresses('r0') + Ip.linkNames('r0')
        Files.writeString(file, """\
            namespace('r0') { veth 'eth0' addr '10.65.0.1/24' peer 'r0-p' addr '10.65.0.254/24' }
            namespace('r1') {
                veth('eth0').addr('10.64.0.1/24').down().peer('r1-p')
                route '10.99.0.0/16' via '10.64.0.2'
            }
            """.stripIndent())

        when:
        Applier.up(new ScriptRunner().load(file))

        then:
        thrown(ApplyException)
        Ip.netns() == ['r0']
        Ip.addresses('r0') + Ip.linkNames('r0') == inside
        ResidueCheck.settle(up) == []
        Labs.peek(lab.labName()).namespaces() == ['r0'] as Set
        Labs.peek(lab.labName()).hostLinks() == ['r0-p'] as Set

        cleanup:
        Applier.down(lab.labName())
        Files.deleteIfExists(file)
    }

    /**
     * Runs {@code nslab up FILE ARGS} in a child process paused at step 1, 2, ... and killed there
     * with SIGKILL, calling {@code after(k, step)} after each kill, until a run finishes without
     * reaching its step (then takes the lab down). Returns the last step killed at.
     */
    private static int killAtEveryStep(java.nio.file.Path file, List<String> args, def lab, int limit, Closure after) {
        int killedAt = 0
        for (int k = 1; k < limit; k++) {
            def child = runner(file, k, args)
            def stderr = new BufferedReader(new InputStreamReader(child.errorStream))
            String line
            String step = null
            while ((line = stderr.readLine()) != null) {
                if (line.startsWith("nslab: paused at step $k: ")) {
                    step = line.substring("nslab: paused at step $k: ".length())
                    break
                }
            }
            if (step == null) {
                child.waitFor(30, TimeUnit.SECONDS)
                Applier.down(lab.labName())
                break
            }
            Ip.run(['kill', '-KILL', child.pid().toString()])
            child.waitFor(10, TimeUnit.SECONDS)
            child.errorStream.close()
            child.inputStream.close()
            child.outputStream.close()
            killedAt = k
            after.call(k, step)
        }
        killedAt
    }

    private static void standIns() {
        Ip.run(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0-far'])
        Ip.run(['ip', 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1-far'])
        Ip.run(['ip', 'addr', 'add', '10.62.0.1/24', 'dev', 'eth0'])
        Ip.run(['ip', 'addr', 'add', '10.66.0.1/24', 'dev', 'eth1'])
        ['eth0', 'eth0-far', 'eth1', 'eth1-far'].each { Ip.run(['ip', 'link', 'set', it, 'up']) }
        Ip.run(['ip', 'route', 'add', '10.63.0.0/16', 'via', '10.62.0.254'])
        // IPv6 link-local addresses are tentative for a while (DAD), and get their local route
        // only after: wait, so that the host's picture taken next is the settled one.
        long deadline = System.currentTimeMillis() + 10_000
        while (Ip.run(['ip', '-6', 'addr', 'show', 'tentative']).trim() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100)
        }
    }

    private static void removeStandIns() {
        Ip.status(['ip', 'link', 'del', 'eth0'])
        Ip.status(['ip', 'link', 'del', 'eth1'])
    }

    private static Process runner(java.nio.file.Path file, int pauseAt, List<String> args) {
        def java = ProcessHandle.current().info().command().get()
        def pb = new ProcessBuilder([java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'up'] + args + [file.toString()])
        pb.environment().put('NSLAB_PAUSE_AT', pauseAt.toString())
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
        pb.start()
    }
}
