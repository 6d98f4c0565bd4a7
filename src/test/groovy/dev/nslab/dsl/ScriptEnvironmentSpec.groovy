package dev.nslab.dsl

import dev.nslab.sys.Environment
import spock.lang.Specification
import spock.lang.Tag

/**
 * A script's System.getenv reads the environment of the command that runs it: the process's own
 * for an nslab of its own, a client's in the daemon (Environment.serving, as the daemon calls it).
 */
@Tag('plain-jvm')
class ScriptEnvironmentSpec extends Specification {
    static final String SCRIPT = '''
        lab System.getenv('NSLAB_SPEC_LAB') ?: 'unset'
        namespace('n1') {
            veth System.getenv('NSLAB_SPEC_LINK') ?: (System.getenv('PATH') ? 'has-path' : 'no-path') peer 'p1'
        }
        def all = System.getenv()
        (1..(all['NSLAB_SPEC_N'] ?: '0').toInteger()).each { int i ->
            namespace("e$i")
        }
        '''.stripIndent()

    def "outside the daemon a script reads the process's environment, as before"() {
        when:
        def lab = new ScriptRunner().load('env.netns.groovy', SCRIPT)

        then: "this JVM has PATH, and none of the spec's own variables"
        System.getenv('NSLAB_SPEC_LAB') == null
        System.getenv('PATH') != null
        lab.labName() == 'unset'
        lab.links()*.name() == ['has-path']
    }

    def "with a client's environment in force, getenv reads it: at the top level, in closures, and as a map"() {
        when:
        def lab = Environment.serving([NSLAB_SPEC_LAB: 'from-client', NSLAB_SPEC_LINK: 'eth7', NSLAB_SPEC_N: '3'], false) {
            new ScriptRunner().load('env.netns.groovy', SCRIPT)
        }

        then:
        lab.labName() == 'from-client'
        lab.links()*.name() == ['eth7']
        lab.declaredNamespaces()*.name() == ['n1', 'e1', 'e2', 'e3']

        when: "a client environment without PATH: the process's own PATH is not seen"
        def bare = Environment.serving([NSLAB_SPEC_LAB: 'bare'], false) {
            new ScriptRunner().load('env.netns.groovy', SCRIPT)
        }

        then:
        bare.labName() == 'bare'
        bare.links()*.name() == ['no-path']

        and: 'afterwards the process environment is in force again'
        !Environment.isServed()
        Environment.get('NSLAB_SPEC_LAB') == null
    }

    def "every way a script can name getenv reads the client's environment: #form"() {
        when:
        def lab = Environment.serving([NSLAB_SPEC_LAB: 'from-client'], false) {
            new ScriptRunner().load('env.netns.groovy', script)
        }

        then: 'the process itself has no such variable: only the client environment can have named the lab'
        System.getenv('NSLAB_SPEC_LAB') == null
        lab.labName() == 'from-client'

        where:
        form                             | script
        'System.getenv(name)'            | "lab System.getenv('NSLAB_SPEC_LAB')"
        'the map of System.getenv()'     | "lab System.getenv().get('NSLAB_SPEC_LAB')"
        'a static import'                | "import static java.lang.System.getenv\nlab getenv('NSLAB_SPEC_LAB')"
        'a static import of all'         | "import static java.lang.System.*\nlab getenv('NSLAB_SPEC_LAB')"
        'a static import with an alias'  | "import static java.lang.System.getenv as env\nlab env('NSLAB_SPEC_LAB')"
        'a method pointer'               | "def env = System.&getenv\nlab env('NSLAB_SPEC_LAB')"
        'a method reference'             | "java.util.function.Function<String, String> env = System::getenv\nlab env.apply('NSLAB_SPEC_LAB')"
        'the property System.env'        | "lab System.env.NSLAB_SPEC_LAB"
        'System.env as a map'            | "lab System.env['NSLAB_SPEC_LAB']"
        'System in a variable'           | "def s = System\nlab s.getenv('NSLAB_SPEC_LAB')"
        'env of System in a variable'    | "def s = System\nlab s.env.NSLAB_SPEC_LAB"
        'a pointer from a variable'      | "def s = System\ndef env = s.&getenv\nlab env('NSLAB_SPEC_LAB')"
        'a closure delegating to System' | "lab System.with { getenv('NSLAB_SPEC_LAB') }"
        'env in such a closure'          | "lab System.with { env.NSLAB_SPEC_LAB }"
        'a computed method name'         | "def name = 'get' + 'env'\nlab System.\"\$name\"('NSLAB_SPEC_LAB')"
        'invokeMethod'                   | "lab System.invokeMethod('getenv', 'NSLAB_SPEC_LAB')"
        'a class the script declares'    | "class Env { static String lab() { System.getenv('NSLAB_SPEC_LAB') } }\nlab Env.lab()"
        'statically compiled code'       | "@groovy.transform.CompileStatic\nString name() { System.getenv('NSLAB_SPEC_LAB') }\nlab name()"
        'a statically compiled pointer'  | "import static java.lang.System.getenv\n@groovy.transform.CompileStatic\nString name() { getenv('NSLAB_SPEC_LAB') }\nlab name()"
        'statically compiled env'        | "@groovy.transform.CompileStatic\nString name() { System.env['NSLAB_SPEC_LAB'] }\nlab name()"
    }

    def "outside a script, System.getenv from Groovy answers as System does"() {
        given:
        ScriptSystem.install()

        expect:
        System.getenv('PATH') == ProcessBuilder.newInstance().environment().get('PATH')
        System.env.PATH == System.getenv('PATH')
        System.getProperty('java.vm.specification.version') == Runtime.version().feature().toString()
    }
}
