package dev.nslab.release

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption

/**
 * A project outside nslab (src/test/consumer, the minimal pom of docs/fixtures.md, copied to a
 * temporary directory) builds offline against the nslab this build made, installed as
 * mvn install would, and runs a JUnit 5 test and a Spock spec with a TCP echo server between two
 * namespaces, its test JVM in the throwaway world of its own src/test/sandbox/java.
 */
class ConsumerProjectSpec extends Specification {
    @TempDir
    Path dir

    def "a consumer's JUnit 5 test and Spock spec run against the installed artifact, offline"() {
        given: 'this build installed in the local repository, as mvn install puts it there'
        def install = Run.of(['mvn', '-B', '-q', '-o', 'org.apache.maven.plugins:maven-install-plugin:3.2.0:install-file',
                              "-Dfile=${Run.TARGET.resolve('nslab.jar')}".toString(), '-DpomFile=pom.xml'], [:], null, 600)
        assert install.rc == 0: install

        and: 'the consumer project, copied out of this tree'
        def source = Paths.get('src/test/consumer')
        Files.walk(source).each { p ->
            def to = dir.resolve(source.relativize(p).toString())
            if (Files.isDirectory(p)) {
                Files.createDirectories(to)
            } else {
                Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES)
            }
        }

        when:
        def r = Run.of(['mvn', '-B', '-o', 'test'], [:], dir, 900)

        then:
        r.rc == 0
        r.out.contains('JUNIT-ECHO echo:junit')
        r.out.contains('SPOCK-ECHO echo:spock')
        r.out.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')
    }
}
