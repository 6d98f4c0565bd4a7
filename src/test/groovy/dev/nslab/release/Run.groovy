package dev.nslab.release

import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/** A command run to its end: exit status, stdout, stderr. For the specs of the release artifacts. */
class Run {
    int rc
    String out
    String err

    /** target/, where the build put the artifacts (failsafe passes it). */
    static final Path TARGET = Paths.get(System.getProperty('nslab.build.directory', 'target')).toAbsolutePath()
    /** The project's version (failsafe passes it). */
    static final String VERSION = System.getProperty('nslab.version')
    /** A Java 22+ (Temurin 25 on the team's machines), where native access warnings exist. */
    static final Path JAVA_25 = Paths.get('/usr/lib/jvm/temurin-25-jdk-amd64/bin/java')

    static Run of(List<String> cmd, Map<String, String> env = [:], Path dir = null, long timeoutSeconds = 300) {
        def pb = new ProcessBuilder(cmd.collect { it.toString() })
        pb.environment().putAll(env)
        if (dir != null) {
            pb.directory(dir.toFile())
        }
        def p = pb.start()
        p.outputStream.close()
        def out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream()
        def readers = [Thread.start { out << p.inputStream }, Thread.start { err << p.errorStream }]
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            throw new IllegalStateException("${cmd} took more than ${timeoutSeconds} s")
        }
        readers*.join()
        new Run(rc: p.exitValue(), out: out.toString('UTF-8'), err: err.toString('UTF-8'))
    }

    @Override
    String toString() {
        "exit ${rc}\n--- stdout\n${out}--- stderr\n${err}"
    }
}
