package dev.nslab.cli

import dev.nslab.api.Nslab
import dev.nslab.apply.Applier
import dev.nslab.state.Labs
import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Names from the command line (issue 14, items 4 and 5): a LAB argument obeys the script's
 * {@code lab} rule before it becomes a path, an unknown lab is a failure that lists the labs, and
 * an unknown namespace is a usage error that says so, not a failed open(2).
 */
class LabArgumentSpec extends Specification {
    def cleanup() {
        Labs.labs().each { Applier.down(it) }
        if (Ip.netns().contains('victim')) {
            Ip.run(['ip', 'netns', 'del', 'victim'])
        }
    }

    /** A directory outside the state root whose journal claims namespace victim, which exists. */
    private static Path plantedJournal() {
        Ip.run(['ip', 'netns', 'add', 'victim'])
        def dir = Files.createTempDirectory('planted')
        Files.writeString(dir.resolve('journal'), 'ns victim\n')
        dir
    }

    def "#command with a LAB that is a path is a usage error and touches nothing"() {
        given:
        def dir = plantedJournal()
        def lab = Paths.get(Labs.ROOT).toAbsolutePath().relativize(dir).toString()

        when:
        def r = Cli.run(command, lab)

        then:
        r.rc == 2
        r.err == "nslab: lab name '$lab' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit\n".toString()
        r.out == ''
        Ip.netns().contains('victim')
        Files.readString(dir.resolve('journal')) == 'ns victim\n'

        where:
        command << ['down', 'graph', 'doctor', 'ps']
    }

    def "down ../netns is refused and /run/netns stays"() {
        when:
        def r = Cli.run('down', '../netns')

        then:
        r.rc == 2
        r.err.contains("lab name '../netns' is not valid")
        Files.isDirectory(Paths.get('/run/netns'))
    }

    def "#command with an unknown lab exits 1 naming the labs there are"() {
        given:
        Nslab.up(Paths.get('dsl-examples/two-hosts.netns.groovy'))

        when:
        def r = Cli.run(command, 'nolab')

        then:
        r.rc == 1
        r.err == 'nslab: no lab nolab; labs here: two-hosts\n'
        Labs.labs() == ['two-hosts']
        Ip.netns().sort() == ['h1', 'h2']

        where:
        command << ['down', 'graph', 'doctor', 'ps']
    }

    def "down of an unknown lab with no labs at all says so"() {
        expect:
        Cli.run('down', 'nolab').with { [it.rc, it.err] } == [1, 'nslab: no lab nolab; labs here: none\n']
    }

    def "#command with an unknown namespace exits 2 with a sentence, not a failed open(2)"() {
        when:
        def r = Cli.run(command, 'nons')

        then:
        r.rc == 2
        r.err == message
        !r.err.contains('ENOENT')

        where:
        command  | message
        'show'   | "nslab: no lab or namespace 'nons'; labs here: none (nslab list shows the namespaces)\n"
        'pids'   | "nslab: no namespace 'nons' under /run/netns (nslab list shows them)\n"
        'delete' | "nslab: no namespace 'nons' under /run/netns (nslab list shows them)\n"
    }

    def "show and pids with a namespace name that breaks the rule are usage errors"() {
        expect:
        Cli.run(command, '../x').with { [it.rc, it.err] } ==
                [2, "nslab: invalid namespace name '../x': use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit\n"]

        where:
        command << ['show', 'pids']
    }
}
