package dev.nslab.model

import spock.lang.Specification

/** The name rules, in their one home: what the validator checks and what netns checks again before a system call. */
class NamesSpec extends Specification {

    def "names follow the kernel's rules, tightened: #name is an interface name: #ok"() {
        expect:
        Names.isInterface(name) == ok
        (Names.interfaceProblem(name) == null) == ok

        where:
        name               | ok
        'eth0'             | true
        'h1-eth0'          | true
        'a.b_c-d'          | true
        'abcdefghijklmno'  | true
        'abcdefghijklmnop' | false
        ''                 | false
        '.'                | false
        '..'               | false
        'p%d'              | false
        'eth 0'            | false
        'eth0:1'           | false
        'a/b'              | false
        '123'              | false
        'ethé'             | false
    }

    def "names follow the kernel's rules, tightened: #name is a namespace name: #ok"() {
        expect:
        Names.isNamespace(name) == ok
        (Names.namespaceProblem(name) == null) == ok

        where:
        name        | ok
        'ns1'       | true
        '1ns'       | true
        'lab.ns-1_' | true
        'a' * 64    | true
        'a' * 65    | false
        '..'        | false
        '-ns'       | false
        'ns/1'      | false
        'ns\n1'     | false
    }

    def "a refused name is shown on one line, its control characters escaped"() {
        expect:
        Names.namespaceProblem('new\nline') == "invalid namespace name 'new\\x0aline': use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        Names.interfaceProblem('a/b') == "invalid interface name 'a/b': use 1 to 15 of A-Z a-z 0-9 _ . -, starting with a letter"
        Names.namespaceProblem('') == 'a namespace name cannot be empty'
        Names.interfaceProblem(null) == 'an interface name cannot be empty'
    }
}
