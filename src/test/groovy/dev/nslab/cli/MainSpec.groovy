package dev.nslab.cli

import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files

/** The command line as a user meets it: exit codes, messages, and that bad input changes nothing. */
class MainSpec extends Specification {
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    PrintStream savedOut, savedErr

    def setup() {
        savedOut = System.out
        savedErr = System.err
        System.out = new PrintStream(out, true)
        System.err = new PrintStream(err, true)
    }

    def cleanup() {
        System.out = savedOut
        System.err = savedErr
        dev.nslab.state.Labs.labs().each { dev.nslab.apply.Applier.down(it) }
    }

    private static java.nio.file.Path script(String name, String text) {
        def dir = Files.createTempDirectory('nslab')
        def f = dir.resolve(name)
        Files.writeString(f, text)
        f
    }

    def "a script error exits 2 with FILE:LINE and creates nothing: #why"() {
        given:
        def f = script('bad.netns.groovy', text)

        when:
        int rc = Main.run('up', '--wait', '0', f.toString())

        then:
        rc == 2
        err.toString().trim() == "nslab: ${f}:${line}: ${message}".toString()
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']

        where:
        why                 | text                                                               | line | message
        'a typo'            | "namespace('a') {\n  veth 'e0' adr '10.0.0.1/24' peer 'p0'\n}"    | 2    | "unknown word 'adr' in veth 'e0' (did you mean 'addr'?)"
        'an undeclared ns'  | "veth 'v0' peer 'p0' netns 'nowhere'"                              | 1    | "namespace 'nowhere' is not declared: add namespace 'nowhere'"
    }

    def "up, a second up, and down report what they did"() {
        given:
        def f = script('cli.netns.groovy', "namespace('m1') { veth 'eth0' addr '10.3.0.1/24' peer 'm1-p' }")

        expect:
        Main.run('up', f.toString()) == 0
        out.toString().contains('lab cli: ')
        Ip.netns() == ['m1']
        Main.run('up', f.toString()) == 0
        out.toString().contains('lab cli: up to date, nothing changed')
        Main.run('down', f.toString()) == 0
        out.toString().contains('lab cli: down, ')
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
    }

    def "plan prints ip -batch lines that ip itself accepts, and changes nothing"() {
        given:
        def f = script('pl.netns.groovy', "namespace('p1') { veth 'eth0' addr '10.4.0.1/24' peer 'p1-p' }")

        when:
        int rc = Main.run('plan', f.toString())
        def lines = out.toString().readLines().findAll { !it.startsWith('#') }

        then:
        rc == 0
        lines.first() == 'netns add p1'
        Ip.netns() == []

        when: 'the printed plan is fed to ip -batch'
        def batch = Files.createTempFile('plan', '.batch')
        Files.write(batch, lines)
        Ip.run(['ip', '-batch', batch.toString()])

        then: 'ip builds the same lab'
        Ip.addresses('p1').contains('eth0 10.4.0.1/24')
        Ip.link(null, 'p1-p').flags.contains('UP')

        cleanup:
        Ip.status(['ip', 'netns', 'del', 'p1'])
    }

    def "a busy lab is refused at once, naming the process that holds it"() {
        given:
        def f = script('busy.netns.groovy', "namespace('b1')")
        def held = dev.nslab.state.LabLock.acquire('busy')

        when:
        int rc = Main.run('up', '--wait', '0', f.toString())

        then:
        rc == 1
        err.toString().contains("lab busy is being changed by PID ${ProcessHandle.current().pid()}")

        cleanup:
        held.close()
    }

    def "--version and --help answer on every command"() {
        expect:
        Main.run('--version') == 0
        out.toString().startsWith('nslab ')
        ['up', 'down', 'plan', 'show', 'list'].every { Main.run(it, '--help') == 0 }
    }
}
