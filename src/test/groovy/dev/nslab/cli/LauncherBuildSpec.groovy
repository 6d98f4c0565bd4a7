package dev.nslab.cli

import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * ./nslab's first build, as a new user meets it: a sentence before Maven starts, Maven's output in
 * target/build.log (none of it, and no escape code, on the command's own output), and a machine
 * without Maven told what to do. The launcher runs in a copy of the source tree's shape, with a
 * PATH of the tools it needs (and, for the second feature, an `mvn` that fails with coloured output).
 */
@Tag('plain-jvm')
class LauncherBuildSpec extends Specification {
    @TempDir
    Path tree

    Path bin

    def setup() {
        Files.copy(Path.of('nslab'), tree.resolve('nslab'))
        Files.writeString(tree.resolve('pom.xml'), '<project/>')
        Files.createDirectories(tree.resolve('src/main'))
        bin = Files.createDirectory(tree.resolve('bin'))
        ['bash', 'dirname', 'readlink', 'find', 'mkdir', 'tail', 'sed', 'cat', 'env'].each {
            def found = ['/usr/bin', '/bin'].collect { d -> Path.of(d, it) }.find { Files.exists(it) }
            Files.createSymbolicLink(bin.resolve(it), found)
        }
    }

    private Map run(String... args) {
        def pb = new ProcessBuilder([bin.resolve('bash').toString(), tree.resolve('nslab').toString()] + (args as List))
        pb.environment().clear()
        pb.environment().put('PATH', bin.toString())
        def p = pb.start()
        def out = new StringBuffer(), err = new StringBuffer()
        p.consumeProcessOutput(out, err)
        p.waitFor()
        p.waitForProcessOutput()
        [rc: p.exitValue(), out: out.toString(), err: err.toString()]
    }

    def "without Maven, a sentence says what to do (not 'mvn: command not found', exit 127)"() {
        when:
        def r = run('--version')

        then:
        r.rc == 1
        r.out == ''
        r.err == 'nslab: this source tree must be built first, which needs Maven (mvn), not installed here: install Maven ' +
                '(apt install maven), or install nslab\'s .deb, or run its jar (java -jar nslab-all.jar)\n'
    }

    def "the build says what it does first, keeps Maven's output in target/build.log, and no escape code reaches a pipe"() {
        given: 'an mvn that prints in colour and fails'
        def mvn = bin.resolve('mvn')
        Files.writeString(mvn, '#!' + bin.resolve('bash') + '\nprintf "\\033[1;31m[ERROR]\\033[m compilation failed\\n"\nprintf "\\033[1mBUILD FAILURE\\033[m\\n" >&2\nexit 1\n')
        mvn.toFile().setExecutable(true)

        when:
        def r = run('--version')
        def log = Files.readString(tree.resolve('target/build.log'))

        then:
        r.rc == 1
        r.out == ''
        r.err.readLines()[0] == 'nslab: building target/nslab.jar with Maven (first use, or sources changed); its output goes to target/build.log'
        r.err.contains('[ERROR] compilation failed')
        !r.err.contains('\u001b')
        log.contains('\u001b[1;31m[ERROR]')
        log.contains('BUILD FAILURE')
    }
}
