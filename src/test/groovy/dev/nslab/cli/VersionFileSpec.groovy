package dev.nslab.cli

import dev.nslab.release.Run
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** src/build/version.sh, which records the commit for nslab --version, against git's own word. */
class VersionFileSpec extends Specification {
    @TempDir
    Path tmp

    private Properties record(Path tree) {
        def out = tmp.resolve('version.properties')
        assert Run.of(['sh', 'src/build/version.sh', '9.9', tree.toString(), out.toString()]).rc == 0
        def p = new Properties()
        Files.newInputStream(out).withCloseable { p.load(it) }
        p
    }

    def "this work tree: the commit git names, and whether tracked files changed"() {
        when:
        def p = record(Paths.get('').toAbsolutePath())

        then:
        Run.of(['git', 'rev-parse', 'HEAD']).out.startsWith(p.commit)
        p.dirty == (Run.of(['git', 'status', '--porcelain', '--untracked-files=no']).out.isEmpty() ? 'false' : 'true')
        Main.describeVersion(p) == "nslab 9.9 (commit ${p.commit}${p.dirty == 'true' ? ' with uncommitted changes' : ''})"
    }

    def "a tree that is not a git work tree of its own records no commit: #why"() {
        given:
        def tree = Files.createDirectories(where(tmp))

        when:
        def p = record(tree)

        then:
        p.version == '9.9'
        p.commit == ''
        Main.describeVersion(p) == 'nslab 9.9 (built outside git)'

        cleanup:
        if (tree.startsWith(Paths.get('target').toAbsolutePath())) {
            tree.toFile().deleteDir()
        }

        where:
        why                                          | where
        'outside any repository'                     | { Path t -> t.resolve('unpacked') }
        'unpacked inside another repository (this)'  | { Path t -> Paths.get('target', "unpacked-${t.fileName}").toAbsolutePath() }
    }
}
