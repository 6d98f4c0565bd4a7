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
        !err.toString().contains('\tat ')
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
        // script failures are script errors too (issue 14): the JVM survives them, nothing is made
        'a recursion without end'     | 3    | 'recursed too deeply (StackOverflowError)' | "namespace('n')\ndef f(int n) {\n  f(n + 1)\n}\nf(0)"
        'an allocation without end'   | 2    | 'ran out of memory (OutOfMemoryError'  | "namespace('n')\nlong[][] all = new long[64][]; (0..<64).each { all[it] = new long[Integer.MAX_VALUE - 16] }"
        'throw new Error()'           | 2    | 'Error: boom'                     | "namespace('n')\nthrow new Error('boom')"
        'namespace(null)'             | 2    | 'namespace needs a value, not null' | "namespace('n')\nnamespace(null)"
        'an unset variable as a name' | 1    | 'lab needs a value, not null'     | "lab System.getenv('NSLAB_SPEC_UNSET')\nnamespace('n')"
        'a missing file it reads'     | 2    | 'the script cannot read no-such-hosts.txt: No such file or directory (looked for in ' | "namespace('n')\nnew File('no-such-hosts.txt').readLines().each { namespace(it) }"
        'System.exit'                 | 2    | 'System.exit(3) would end nslab'  | "namespace('n')\nSystem.exit(3)"
        'Runtime.halt'                | 2    | 'Runtime.halt(0) would end nslab' | "namespace('n')\nRuntime.runtime.halt(0)"
        'a thread left running'       | 3    | "thread 'left' that it started was still running" | "namespace('n')\ndef ready = new java.util.concurrent.CountDownLatch(1); Thread.start('left') {\n ready.countDown(); while (true) { Thread.sleep(10) } }\nready.await()"
        'a NUL byte'                  | 2    | 'this is not a text file (a NUL byte at offset 15)' | "namespace('n')\n\u0000"
    }

    def "every mistake of a script is listed, one per line, each with its line, and nothing is made"() {
        given:
        def f = dir.resolve('bad.netns.groovy')
        Files.writeString(f, "namespace 'h1' {\n  veth 'eth0' peer 'p'\n}\nnamespace('r') {\n  sysctl 'net.ipv4.ip_forward' 1\n}\nping 'h1' '10.0.0.2'\n")

        when:
        int rc = Main.run('plan', f.toString())

        then:
        rc == 2
        err.toString() == """\
            nslab: $f:1: write namespace('h1') { ... }: a block after a bare argument is not passed to namespace; in parentheses it is
            nslab: $f:5: write sysctl 'net.ipv4.ip_forward', 1: a comma separates sysctl's arguments
            nslab: $f:7: write ping 'h1' to '10.0.0.2': the word to names the address
            """.stripIndent().toString()
        Ip.netns() == []
    }

    def "#command refuses binary garbage as not a text file, exit 2, no stack trace"() {
        given:
        def f = dir.resolve('bin.netns.groovy')
        Files.write(f, [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xe8, 0xff] as byte[])

        when:
        int rc = Main.run(command, f.toString())

        then:
        rc == 2
        err.toString() == "nslab: ${f}:1: this is not a text file (byte 0xe8 at offset 8 is not UTF-8): a lab script is Groovy text in UTF-8; is it the right file?\n".toString()
        Ip.netns() == []

        where:
        command << ['up', 'plan']
    }

    def "a script that runs longer than --timeout is stopped with a script error at its line, and nothing is made"() {
        given:
        def f = dir.resolve('slow.netns.groovy')
        Files.writeString(f, "namespace('n')\nwhile (true) {\n  Thread.sleep(10)\n}\n")
        long t0 = System.nanoTime()

        when:
        int rc = Main.run('up', '--timeout', '1.5', f.toString())

        then:
        rc == 2
        err.toString().startsWith("nslab: ${f}:".toString())
        err.toString().contains(': the script ran longer than 1.5 s (--timeout) and was stopped here: a lab script only declares the lab; is there a loop without end?')
        (System.nanoTime() - t0) / 1_000_000_000 < 30
        Ip.netns() == []
        new File('/run/nslab').list() as List == []
    }

    def "a bad --timeout is a usage error"() {
        given:
        def f = dir.resolve('ok.netns.groovy')
        Files.writeString(f, "namespace('n')\n")

        expect:
        Main.run('plan', '--timeout', '0', f.toString()) == 2
        err.toString().contains('--timeout 0.0: give a number of seconds from 0 to 86400')
    }
}
