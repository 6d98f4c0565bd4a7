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
}
