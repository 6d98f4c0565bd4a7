package dev.nslab.apply

import dev.nslab.dsl.ScriptRunner
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * The runner killed with SIGKILL between any two of its steps: the next up converges, a second
 * up changes nothing, and down leaves the host as it began. The runner is a real child process
 * (inside this test JVM's sandbox), paused at step K by NSLAB_PAUSE_AT and killed there.
 */
class CrashSpec extends Specification {
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
            def child = runner(file, k)
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
            assert second.plan().isEmpty() : "step $k: second up still wanted ${second.plan().changes()*.command()}"
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

    private static Process runner(java.nio.file.Path file, int pauseAt) {
        def java = ProcessHandle.current().info().command().get()
        def pb = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'up', file.toString())
        pb.environment().put('NSLAB_PAUSE_AT', pauseAt.toString())
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
        pb.start()
    }
}
