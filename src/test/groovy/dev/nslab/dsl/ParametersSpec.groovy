package dev.nslab.dsl

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** param('NAME', DEFAULT) and the values -P gives it (the contract's "Parameters"). */
class ParametersSpec extends Specification {

    ScriptRunner runner = new ScriptRunner()

    @TempDir
    Path dir

    def "without a value a parameter is its default; a value given is converted to the default's type: #type"() {
        given:
        def script = "def v = param('v', $literal)\nlab \"v-\${v.getClass().simpleName}-\$v\""

        expect:
        runner.load('x.netns.groovy', script).labName() == "v-$type-$unset"
        runner.load('x.netns.groovy', script, [v: given]).labName() == "v-$type-$converted"
        runner.load('x.netns.groovy', script, [v: given]).parameters() == [v: given]

        where:
        type         | literal  | unset  | given        | converted
        'Integer'    | '10'     | '10'   | ' 20'        | '20'
        'Long'       | '10L'    | '10'   | '5000000000' | '5000000000'
        'Boolean'    | 'true'   | 'true' | 'FALSE'      | 'false'
        'String'     | "'demo'" | 'demo' | 'alice'      | 'alice'
        'String'     | '"d${1}"' | 'd1'  | 'bob'        | 'bob'
        'BigDecimal' | '2.5'    | '2.5'  | '0.75'       | '0.75'
    }

    def "the contract's example: one script for a class, sized from the command line"() {
        given:
        def script = '''\
            def hosts = param('hosts', 10)
            lab "ring-${param('student', 'demo')}"
            (1..hosts).each { namespace("h$it") }
            '''.stripIndent()

        when:
        def alice = runner.load('ring.netns.groovy', script, [hosts: '3', student: 'alice'])
        def demo = runner.load('ring.netns.groovy', script)

        then:
        alice.labName() == 'ring-alice'
        alice.declaredNamespaces()*.name() == ['h1', 'h2', 'h3']
        alice.parameters() == [hosts: '3', student: 'alice']
        demo.labName() == 'ring-demo'
        demo.declaredNamespaces().size() == 10
        demo.parameters() == [:]
    }

    def "a value that does not convert, or is given for no parameter, is refused with the parameter and the line of its param: #what"() {
        when:
        runner.load('x.netns.groovy', script, given)

        then:
        def e = thrown(DslException)
        e.message == message

        where:
        what                  | given                       | script                                                    | message
        'not a whole number'  | [hosts: 'ten']              | "bridge 'br0'\ndef n = param('hosts', 10)"               | "x.netns.groovy:2: -P hosts=ten: parameter 'hosts' is an int (its default is 10): give a whole number, like 20"
        'not a boolean'       | [stp: 'yes']                | "bridge 'br0' stp param('stp', false)"                    | "x.netns.groovy:1: -P stp=yes: parameter 'stp' is a boolean (its default is false): give true or false"
        'not a number'        | [loss: '1%']                | "def p = param('loss', 0.5)"                             | "x.netns.groovy:1: -P loss=1%: parameter 'loss' is a BigDecimal (its default is 0.5): give a number, like 2.5"
        'never asked for'     | [hostz: '3']                | "def n = param('hosts', 10)\ndef s = param('student', 'demo')" | "x.netns.groovy:0: -P hostz=3: the script has no parameter 'hostz' (did you mean 'hosts'?); it asks for hosts (line 1), student (line 2)"
        'a script without any' | [hosts: '3']               | "bridge 'br0'"                                            | "x.netns.groovy:0: -P hosts=3: the script has no parameter 'hosts'; it asks for none"
        'two wrong at once'   | [a: 'x', zz: '1']           | "def a = param('a', 1)"                                   | "x.netns.groovy:0: -P zz=1: the script has no parameter 'zz'; it asks for a (line 1)\nx.netns.groovy:1: -P a=x: parameter 'a' is an int (its default is 1): give a whole number, like 20"
        'a default of no parameter type' | [:]              | "def r = param('ratio', 1.5d)"                            | "x.netns.groovy:1: param 'ratio': its default 1.5 is a Double; a parameter is an int, long, boolean, String or BigDecimal"
        'two types for one'   | [:]                         | "def a = param('n', 1)\ndef b = param('n', 'one')"        | "x.netns.groovy:2: param 'n' is a String here, but an int at line 1: give it one type"
        'no default'          | [:]                         | "def a = param('n', null)"                                | "x.netns.groovy:1: param 'n' needs a value, not null (System.getenv gives null for a variable that is not set)"
        'a name with a blank' | [:]                         | "def a = param('a b', 1)"                                 | "x.netns.groovy:1: parameter name 'a b' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter"
    }

    def "a parameter asked for twice with one type has one value"() {
        expect:
        runner.load('x.netns.groovy', "def a = param('n', 1)\ndef b = param('n', 2)\nlab \"n\$a-\$b\"", [n: '7']).labName() == 'n7-7'
    }

    def "values are not compiled in: the same text with other values is compiled once, and gives each its own lab"() {
        given:
        def cache = CompiledScriptCache.in(dir.resolve('cache'))
        def cached = new ScriptRunner(cache)
        def script = "// ${UUID.randomUUID()}\nlab \"ring-\${param('student', 'demo')}\""

        when:
        def alice = cached.load('ring.netns.groovy', script, [student: 'alice'])
        def bob = cached.load('ring.netns.groovy', script, [student: 'bob'])
        def demo = new ScriptRunner(cache).load('ring.netns.groovy', script)

        then:
        [alice, bob, demo]*.labName() == ['ring-alice', 'ring-bob', 'ring-demo']
        Files.list(dir.resolve('cache')).withCloseable { it.toList().size() } == 1
    }
}
