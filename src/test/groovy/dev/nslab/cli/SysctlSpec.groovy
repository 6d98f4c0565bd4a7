package dev.nslab.cli

import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * A sysctl is written as sysctl(8) takes it, dotted or slashed, and one that a namespace will
 * not have is refused by plan, with its line, before up makes anything: plan and up agree.
 * The witness is the namespace's own /proc/sys, read by `ip netns exec ... cat`.
 */
class SysctlSpec extends Specification {
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    PrintStream savedOut, savedErr
    Path dir

    def setup() {
        savedOut = System.out
        savedErr = System.err
        System.out = new PrintStream(out, true)
        System.err = new PrintStream(err, true)
        dir = Files.createTempDirectory('sysctl')
    }

    def cleanup() {
        Main.run('down', 'sysctls')
        System.out = savedOut
        System.err = savedErr
        dir.toFile().deleteDir()
    }

    static String proc(String ns, String path) {
        Ip.run(['ip', 'netns', 'exec', ns, 'cat', "/proc/sys/$path".toString()]).trim()
    }

    def "the slashed form works as sysctl(8)'s does, for a namespace key and an interface's key; plan and up agree"() {
        given:
        def f = dir.resolve('sysctls.netns.groovy')
        Files.writeString(f, """\
            namespace('r') {
                veth 'eth0.7' addr '10.0.0.1/24' peer 'r-eth0'
                sysctl 'net/ipv4/ip_forward', 1
                sysctl 'net/ipv4/conf/eth0.7/rp_filter', 2
                sysctl 'net.ipv6.conf.all.forwarding', 1
            }
            """.stripIndent())

        when:
        int planned = Main.run('plan', f.toString())

        then:
        planned == 0
        out.toString().contains('netns exec r sysctl -w net/ipv4/ip_forward=1')
        out.toString().contains('netns exec r sysctl -w net/ipv4/conf/eth0.7/rp_filter=2')

        when:
        out.reset()
        int up = Main.run('up', f.toString())

        then: "the namespace's own /proc/sys says what the script asked"
        up == 0
        proc('r', 'net/ipv4/ip_forward') == '1'
        proc('r', 'net/ipv4/conf/eth0.7/rp_filter') == '2'
        proc('r', 'net/ipv6/conf/all/forwarding') == '1'

        when: 'plan again: what up did is what plan now expects'
        out.reset()
        Main.run('plan', f.toString())

        then:
        out.toString() == '# lab sysctls is up to date: nothing to do\n'
    }

    def "#command refuses a sysctl the namespace will not have, at its line, exit 2, and makes nothing"() {
        given:
        def f = dir.resolve('sysctls.netns.groovy')
        Files.writeString(f, """\
            namespace('r') {
                veth 'eth0' addr '10.0.0.1/24' peer 'r-eth0'
                sysctl 'net.ipv4.ip_forward', 1
                sysctl 'net.ipv4.no_such_key', 1
                sysctl 'net/ipv4/conf/eth9/forwarding', 1
            }
            sysctl 'net.ipv4.conf.no-such-dev.forwarding', 0
            """.stripIndent())

        when:
        int rc = Main.run(command, f.toString())

        then:
        rc == 2
        err.toString() == """\
            nslab: $f:4: sysctl 'net.ipv4.no_such_key' does not exist in namespace 'r' (no /proc/sys/net/ipv4/no_such_key): check its spelling (sysctl -a lists the keys), or load the kernel module that provides it
            nslab: $f:5: sysctl 'net/ipv4/conf/eth9/forwarding' is a key of interface 'eth9', which namespace 'r' does not have: declare it there, or use 'all' for every interface
            nslab: $f:7: sysctl 'net.ipv4.conf.no-such-dev.forwarding' is a key of interface 'no-such-dev', which the host does not have: declare it there, or use 'all' for every interface
            """.stripIndent().toString()
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
        new File('/run/nslab').list() as List == []

        where:
        command << ['plan', 'up']
    }

    def "a key of an existing namespace is looked for there: up, then a misspelt key is refused by plan and by up, which change nothing"() {
        given:
        def f = dir.resolve('sysctls.netns.groovy')
        Files.writeString(f, "namespace('r') {\n  sysctl 'net.ipv4.ip_forward', 1\n}\n")
        assert Main.run('up', f.toString()) == 0
        Files.writeString(f, "namespace('r') {\n  sysctl 'net.ipv4.ip_forwarding', 0\n}\n")
        err.reset()

        when:
        int planned = Main.run('plan', f.toString())
        int up = Main.run('up', f.toString())

        then:
        planned == 2
        up == 2
        err.toString().readLines() == [
                "nslab: $f:2: sysctl 'net.ipv4.ip_forwarding' does not exist in namespace 'r' (no /proc/sys/net/ipv4/ip_forwarding): check its spelling (sysctl -a lists the keys), or load the kernel module that provides it".toString()] * 2
        proc('r', 'net/ipv4/ip_forward') == '1'
    }
}
