package dev.nslab.dsl

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * A script's failures are script errors, whatever the script does: FILE:LINE and what to do, and
 * the JVM that ran it (the daemon's, in daemon mode) goes on. Each feature's "and then" loads a
 * good script in the same JVM, as the daemon's next command would.
 */
class ScriptLimitsSpec extends Specification {

    static final String OK = "bridge 'br0'"
    /** What a thread that ignores interrupts waits for: a monitor, which no interrupt ends. */
    static final Object GATE = new Object()

    @TempDir
    Path dir

    ScriptRunner runner = new ScriptRunner()

    DslException refused(ScriptRunner r = runner, String text) {
        try {
            r.load('x.netns.groovy', text)
        } catch (DslException e) {
            return e
        }
        throw new AssertionError("accepted: $text")
    }

    boolean stillServes() {
        runner.load('ok.netns.groovy', OK).links()*.name() == ['br0']
    }

    def "a recursion without end is a script error at the recursing line: the stack is not the JVM's problem"() {
        expect:
        refused("bridge 'br0'\ndef f(int n) {\n  f(n + 1)\n}\nf(0)").message ==
                'x.netns.groovy:3: the script recursed too deeply (StackOverflowError): does a function call itself without end?'
        stillServes()
    }

    def "an allocation the heap cannot hold is a script error, and the JVM goes on"() {
        expect:
        refused("bridge 'br0'\nlong[][] all = new long[64][]\n(0..<64).each { all[it] = new long[Integer.MAX_VALUE - 16] }").message ==
                'x.netns.groovy:3: the script ran out of memory (OutOfMemoryError: Java heap space): a lab script only declares the lab; is something growing without end?'
        stillServes()
    }

    def "a script that keeps growing is stopped at its heap limit, long before the JVM's heap is full"() {
        given:
        def small = new ScriptRunner(null, new ScriptLimits(Duration.ofMinutes(1), 64 << 20))
        long max = Runtime.runtime.maxMemory()

        when:
        def e = refused(small, "def keep = []; while (true) { keep << new byte[1 << 20] }")

        then:
        e.message == 'x.netns.groovy:1: the script held more than 64 MiB of memory and was stopped here: a lab script only declares the lab; is something growing without end?'
        max > 256 << 20
        stillServes()
    }

    def "a script that runs longer than its time limit is stopped where it is: #what"() {
        given:
        def quick = new ScriptRunner(null, ScriptLimits.defaults().withTimeout(Duration.ofMillis(1500)))
        long t0 = System.nanoTime()

        when:
        def e = refused(quick, script)
        long millis = (System.nanoTime() - t0) / 1_000_000

        then:
        e.message == "x.netns.groovy:$line: the script ran longer than 1.5 s (--timeout) and was stopped here: a lab script only declares the lab; is there a loop without end?"
        millis >= 1500 && millis < 10_000
        stillServes()

        where:
        what                    | line | script
        'a loop'                | 2    | "bridge 'br0'\nwhile (true) {\n}"
        'a loop in a closure'   | 3    | "bridge 'br0'\n(1..10).each {\n  while (true) { }\n}"
        'a sleep'               | 1    | "Thread.sleep(600_000)"
        'a loop that catches'   | 2    | "int n = 0\nwhile (true) { try { n++ } catch (e) { } }"
    }

    def "throw new Error() is a script error at its line"() {
        expect:
        refused("bridge 'br0'\nthrow new Error('boom')").message == 'x.netns.groovy:2: Error: boom'
        refused("throw new InternalError()").message == 'x.netns.groovy:1: InternalError'
        stillServes()
    }

    def "a word given null says so, at its line: #script"() {
        expect:
        refused(script).message == "x.netns.groovy:$line: $word needs a value, not null (System.getenv gives null for a variable that is not set)"

        where:
        script                                                      | line | word
        'namespace(null)'                                           | 1    | 'namespace'
        "bridge 'br0'\nnamespace(null) { }"                         | 2    | 'namespace'
        "lab System.getenv('NSLAB_SPEC_NO_SUCH_VARIABLE')"          | 1    | 'lab'
        "veth(null)"                                                | 1    | 'veth'
        "namespace('a') {\n  bridge System.getenv('NSLAB_SPEC_NONE')\n}" | 2 | 'bridge'
        "veth 'a' peer null"                                        | 1    | 'peer'
        "veth 'a' addr null peer 'b'"                               | 1    | 'addr'
        "uplink 'eth1' netns null"                                  | 1    | 'netns'
        "route 'default' via null"                                  | 1    | 'via'
        "ping null to '10.0.0.1'"                                   | 1    | 'ping'
        "macvlan 'm' parent 'eth0' mode null"                       | 1    | 'mode'
        "sysctl null, 1"                                            | 1    | 'sysctl'
        "spawn null, 'sleep', '1'"                                  | 1    | 'spawn'
    }

    def "a file that is not text is refused as such, not as a Groovy error: #what"() {
        given:
        def f = dir.resolve('bin.netns.groovy')
        Files.write(f, bytes as byte[])

        when:
        runner.load(f)

        then:
        def e = thrown(DslException)
        e.message == "$f:$line: this is not a text file ($why): a lab script is Groovy text in UTF-8; is it the right file?".toString()

        where:
        what             | line | why                                   | bytes
        'an ELF header'  | 1    | 'byte 0x8b at offset 4 is not UTF-8'  | [0x7f, 0x45, 0x4c, 0x46, 0x8b, 0x01, 0x01, 0x00]
        'garbage later'  | 3    | 'byte 0xff at offset 22 is not UTF-8' | "bridge 'br0'\ntap 't0'\n".bytes.toList() + [0xff, 0x00]
        'a NUL byte'     | 2    | 'a NUL byte at offset 13'             | "bridge 'br0'\n".bytes.toList() + [0x00, 0x41]
    }

    def "a file the script reads that is missing is named, with where a relative name was looked for: #what"() {
        expect:
        refused(script).message == "x.netns.groovy:$line: the script cannot read $file: $why" +
                (file.startsWith('/') ? '' : " (looked for in ${Path.of('').toAbsolutePath()})")

        where:
        what                | line | file                     | why                         | script
        'File.readLines'    | 2    | 'no-such-hosts.txt'      | 'No such file or directory' | "bridge 'br0'\ndef hosts = new File('no-such-hosts.txt').readLines()"
        'File.text'         | 1    | '/no/such/dir/hosts.txt' | 'No such file or directory' | "def hosts = new File('/no/such/dir/hosts.txt').text"
        'Files.readString'  | 1    | '/no/such/hosts.txt'     | 'no such file'              | "def hosts = java.nio.file.Files.readString(java.nio.file.Path.of('/no/such/hosts.txt'))"
        'a directory'       | 1    | '/'                      | 'Is a directory'            | "def hosts = new File('/').text"
    }

    def "System.exit and Runtime.halt in a script are script errors, however they are called: #form"() {
        expect:
        refused(script).message == "x.netns.groovy:$line: $call would end nslab (in the daemon, every command it serves): a lab script only declares the lab; to stop with an error, throw an exception: throw new IllegalStateException('why')"
        stillServes()

        where:
        form                        | line | call                   | script
        'System.exit'               | 2    | 'System.exit(3)'       | "bridge 'br0'\nSystem.exit(3)"
        'a static import'           | 2    | 'System.exit(4)'       | "import static java.lang.System.exit\nexit(4)"
        'a method pointer'          | 1    | 'System.exit(0)'       | "def bye = System.&exit; bye(0)"
        'System in a variable'      | 1    | 'System.exit(1)'       | "def s = System; s.exit(1)"
        'Runtime.runtime.halt'      | 1    | 'Runtime.halt(9)'      | "Runtime.runtime.halt(9)"
        'Runtime.getRuntime().exit' | 1    | 'Runtime.exit(2)'      | "Runtime.getRuntime().exit(2)"
        'a Runtime in a variable'   | 2    | 'Runtime.halt(0)'      | "def r = Runtime.runtime\nr.halt(0)"
        'caught by the script'      | 1    | 'System.exit(5)'       | "try { System.exit(5) } catch (Throwable t) { }\nbridge 'br0'"
        'in a thread of the script' | 1    | 'System.exit(6)'       | "Thread.start { System.exit(6) }.join()\nbridge 'br0'"
        'statically compiled'       | 3    | 'Runtime.halt(7)'      | "@groovy.transform.CompileStatic\nvoid bye() {\n  Runtime.getRuntime().halt(7)\n}\nbye()"
        'System.exit compiled so'   | 2    | 'System.exit(8)'       | "@groovy.transform.CompileStatic\nvoid bye() { System.exit(8) }\nbye()"
    }

    def "a thread the script leaves running is ended and refused"() {
        when:
        def e = refused("bridge 'br0'\ndef ready = new java.util.concurrent.CountDownLatch(1)\nThread.start('poller') {\n" +
                "  ready.countDown(); while (true) { Thread.sleep(50) }\n}\nready.await()")

        then:
        e.message == "x.netns.groovy:4: the script ended, but thread 'poller' that it started was still running (now ended): a lab script only declares the lab; join the threads it starts before it ends"
        !Thread.allStackTraces.keySet()*.name.contains('poller')
        ScriptRunner.threadsLeftRunning().empty
        stillServes()
    }

    def "a thread that does not end when interrupted is named, so that a long-running JVM can retire"() {
        when: 'the thread waits for a monitor that this spec holds: no interrupt ends that wait'
        DslException e
        synchronized (GATE) {
            e = refused("def ready = new java.util.concurrent.CountDownLatch(1)\nThread.start('stubborn') {\n" +
                    "  ready.countDown(); synchronized (dev.nslab.dsl.ScriptLimitsSpec.GATE) { }\n}\nready.await()")
            assert ScriptRunner.threadsLeftRunning() == ['stubborn']
        }

        then:
        e.message == "x.netns.groovy:3: the script ended, but thread 'stubborn' that it started was still running, and does not stop when interrupted: a lab script only declares the lab; join the threads it starts before it ends"

        when: 'the monitor is free'
        while (Thread.allStackTraces.keySet()*.name.contains('stubborn')) {
            Thread.sleep(20)
        }

        then:
        ScriptRunner.threadsLeftRunning().empty
    }

    def "what a thread of the script throws is a script error, not a stack trace on stderr"() {
        expect:
        refused("bridge 'br0'\ndef t = Thread.start('worker') {\n  throw new IllegalStateException('no hosts file')\n}\nt.join()").message ==
                "x.netns.groovy:3: in thread 'worker': IllegalStateException: no hosts file"
    }

    def "threads a script starts and joins are fine"() {
        expect:
        runner.load('x.netns.groovy', "def names = []\ndef t = Thread.start { names << 'br0' }\nt.join()\nbridge names[0]\n" +
                "def hosts = (1..4).parallelStream().map { \"h\$it\" }.toList()\nhosts.each { namespace(it) }")
                .declaredNamespaces()*.name() == ['h1', 'h2', 'h3', 'h4']
    }

    def "in a fresh JVM, the threads Groovy's runtime starts for itself are not taken for the script's"() {
        given: 'a JVM of its own, as the command line is: Groovy starts its threads on first use'
        def f = dir.resolve('fresh.netns.groovy')
        Files.writeString(f, "namespace('a') {\n  veth 'eth0' addr '10.0.0.1/24' peer 'a-eth0'\n}\n(1..3).each { namespace(\"h\$it\") }\n")
        def java = ProcessHandle.current().info().command().get()
        def pb = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), 'dev.nslab.cli.Main', 'plan', f.toString())
                .redirectErrorStream(true)
        pb.environment().put('NSLAB_SCRIPT_CACHE', 'off')
        def p = pb.start()
        String output = p.inputStream.text

        expect:
        p.waitFor() == 0
        output.readLines().first() == 'netns add a'
        output.readLines().last() == '# 14 changes for lab fresh'
    }
}
