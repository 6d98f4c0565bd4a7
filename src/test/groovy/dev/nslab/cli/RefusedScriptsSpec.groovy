package dev.nslab.cli

import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * Through the whole command line, as a user meets it: a wrong script of each kind (names,
 * addresses, references, topology, Groovy errors, size, a plan the host refuses) exits 2 with
 * {@code FILE:LINE: ...}, and nothing at all is created: no namespace, no link, no state.
 * (The exact messages of 100+ wrong scripts are in ScriptRunnerSpec.)
 */
class RefusedScriptsSpec extends Specification {
    def err = new ByteArrayOutputStream()
    PrintStream savedErr
    Path dir

    def setup() {
        savedErr = System.err
        System.err = new PrintStream(err, true)
        dir = Files.createTempDirectory('refused')
    }

    def cleanup() {
        System.err = savedErr
        dir.toFile().deleteDir()
    }

    def "up refuses a script with #kind at its line, exit 2, and creates nothing"() {
        given:
        def f = dir.resolve('bad.netns.groovy')
        Files.writeString(f, text)

        when:
        int rc = Main.run('up', f.toString())

        then:
        rc == 2
        err.toString().trim().startsWith("nslab: ${f}:${line}: ".toString())
        err.toString().contains(words)
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
        new File('/run/nslab').list() as List == []

        where:
        kind                          | line | words                             | text
        'a namespace name with ..'    | 2    | "namespace name '..'"             | "namespace('ok')\nnamespace('..')"
        'a namespace name with /'     | 1    | "namespace name 'a/b'"            | "namespace('a/b')"
        'a 16-byte link name'         | 1    | 'aaaaaaaaaaaaaaaa'                | "namespace('n') { veth 'aaaaaaaaaaaaaaaa' peer 'p' }"
        'an address out of range'     | 1    | "'10.0.0.256'"                    | "namespace('n') { veth 'e' addr '10.0.0.256/24' peer 'p' }"
        'a duplicate address'         | 3    | 'duplicate address'               | "namespace('n') { veth 'e' addr '10.0.0.1/24' peer 'p' }\nnamespace('m') {\n veth 'e' addr '10.0.0.1/24' peer 'q' }"
        'an undeclared namespace'     | 1    | "namespace 'nowhere' is not declared" | "veth 'v' peer 'p' netns 'nowhere'"
        'a missing bridge'            | 1    | 'br9'                             | "namespace('n') { veth 'e' peer 'p' master 'br9' }"
        'an unreachable gateway'      | 2    | 'is not in the subnet'            | "namespace('n') { veth 'e' addr '10.0.0.1/24' peer 'p'\n route 'default' via '10.9.9.9' }"
        'a veth without peer'         | 1    | 'has no peer'                     | "namespace('n') { veth 'e' }"
        'a Groovy syntax error'       | 2    | 'Unexpected input'                | "namespace('n')\nveth 'a' {"
        'an exception in the script'  | 1    | 'IllegalStateException: no'       | "throw new IllegalStateException('no')"
        'an unknown word'             | 1    | "did you mean 'bridge'"           | "brige 'br0'"
        'a sysctl outside net'        | 1    | 'is not per namespace'            | "namespace('n') { sysctl 'kernel.panic', 1 }"
        'an uplink without permission' | 1   | '--allow-host-devices'            | "namespace('n') { uplink 'eth7' }"
        'a script over 4 MiB'         | 1    | 'more than the 4 MiB nslab reads' | '//' + ' ' * (4 << 20)
    }
}
