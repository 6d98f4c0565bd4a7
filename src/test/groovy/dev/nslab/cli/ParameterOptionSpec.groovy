package dev.nslab.cli

import dev.nslab.testing.Ip
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * -P NAME=VALUE on the command line: one script, a lab per student, sized from the command
 * line; down LAB needs no values (the journal has them). Witness: ip netns list, ip -j link.
 */
class ParameterOptionSpec extends Specification {
    @TempDir
    Path dir
    Path ring

    static final String RING = '''\
        def hosts = param('hosts', 10)
        def student = param('student', 'demo')
        lab "ring-$student"
        bridge "br-$student"
        (1..hosts).each { int i ->
            namespace("$student-h$i") {
                veth 'eth0' addr "10.9.0.${i + 1}/24" peer "$student-p$i" master "br-$student"
            }
        }
        '''.stripIndent()

    def setup() {
        ring = dir.resolve('ring.netns.groovy')
        Files.writeString(ring, RING)
    }

    def cleanup() {
        ['ring-alice', 'ring-bob', 'ring-demo'].each { nslab('down', it) }
    }

    private static Map nslab(String... args) {
        Cli.run(args)
    }

    def "a lab per student from one script: -P names and sizes it, and down LAB takes it down without -P"() {
        when:
        def alice = nslab('up', '-P', 'hosts=3', '-P', 'student=alice', ring.toString())
        def bob = nslab('up', '-Phosts=2', '-Pstudent=bob', ring.toString())

        then:
        alice.rc == 0
        bob.rc == 0
        Ip.netns().sort() == ['alice-h1', 'alice-h2', 'alice-h3', 'bob-h1', 'bob-h2']
        Ip.link(null, 'alice-p3').master == 'br-alice'
        Ip.link(null, 'bob-p2').master == 'br-bob'

        when: 'the same values again: nothing to do'
        def again = nslab('plan', '-P', 'student=alice', '-P', 'hosts=3', ring.toString())

        then:
        again.out == '# lab ring-alice is up to date: nothing to do\n'

        when: 'the script alone cannot say which of its labs to take down'
        def which = nslab('down', ring.toString())

        then:
        which.rc == 2
        which.err == "nslab: $ring brought up labs ring-alice, ring-bob: name the lab, or give the -P values that name it\n".toString()
        Ip.netns().size() == 5

        when: 'the values that name one'
        def downBob = nslab('down', '-P', 'student=bob', '-P', 'hosts=2', ring.toString())

        then:
        downBob.rc == 0
        downBob.out == 'lab ring-bob: down, 3 objects removed\n'
        Ip.netns().sort() == ['alice-h1', 'alice-h2', 'alice-h3']

        when: 'or the lab by its name, with no values at all'
        def downAlice = nslab('down', 'ring-alice')

        then:
        downAlice.rc == 0
        Ip.netns() == []
        !Ip.linkNames(null).any { it.startsWith('br-') || it.contains('-p') }
    }

    def "a lab named by its name is read with the values it was brought up with: graph and doctor see what up made"() {
        given:
        assert nslab('up', '-P', 'hosts=2', '-P', 'student=alice', ring.toString()).rc == 0

        when:
        def graph = nslab('graph', 'ring-alice')
        def doctor = nslab('doctor', 'ring-alice')

        then:
        graph.rc == 0
        graph.out.contains('alice-h2')
        !graph.out.contains('alice-h3')
        doctor.rc == 0

        when: 'values with a lab name are refused: the lab has its own'
        def refused = nslab('graph', '-P', 'hosts=5', 'ring-alice')

        then:
        refused.rc == 2
        refused.err == 'nslab: -P gives a script\'s parameters: lab ring-alice keeps those it was brought up with; name the script to give others\n'
    }

    def "#what is a usage error, exit 2, naming the parameter, and nothing is made"() {
        when:
        def r = nslab((['plan'] + args + [ring.toString()]) as String[])

        then:
        r.rc == 2
        r.err == message.replace('RING', ring.toString())
        Ip.netns() == []

        where:
        what                          | args                              | message
        'a parameter the script lacks' | ['-P', 'host=3']                 | "nslab: RING:0: -P host=3: the script has no parameter 'host' (did you mean 'hosts'?); it asks for hosts (line 1), student (line 2)\n"
        'a value that does not convert' | ['-P', 'hosts=three']           | "nslab: RING:1: -P hosts=three: parameter 'hosts' is an int (its default is 10): give a whole number, like 20\n"
        'no value'                    | ['-P', 'hosts']                   | "nslab: -P hosts: write -P NAME=VALUE\n"
        'a name given twice'          | ['-P', 'hosts=1', '-P', 'hosts=2'] | "nslab: -P hosts is given twice\n"
        'a name that is no name'      | ['-P', '../x=1']                  | "nslab: -P ../x=1: parameter name '../x' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter\n"
    }

    def "every command that reads a script takes -P: #command"() {
        when:
        def r = nslab((command + ['-P', 'hosts=2', '-P', 'student=carol', ring.toString()]) as String[])

        then:
        r.rc == 0
        r.out.contains(expected)

        where:
        command    | expected
        ['plan']   | 'netns add carol-h2'
        ['graph']  | 'carol-h2'
        ['unit', '--nslab', '/usr/local/bin/nslab'] | 'ExecStart=/usr/local/bin/nslab up -Phosts=2 -Pstudent=carol '
        ['check']  | ''
    }
}
