package dev.nslab.release

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A program that uses nslab as a library keeps its own logging: its logback.xml decides the
 * format and the level of its lines and of nslab's. (Until nslab's command line configured
 * logback in Main, a Configurator that nslab registered with logback won over the program's.)
 */
class ConsumerLoggingSpec extends Specification {
    @TempDir
    Path app

    def "the program's logback.xml formats its own lines and nslab's; nothing in nslab's format"() {
        given: 'a program with its logback.xml, and nslab (its classes and run-time libraries) on its class path'
        Files.writeString(app.resolve('logback.xml'), '''\
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>APP %-5level %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <root level="DEBUG"><appender-ref ref="OUT"/></root>
            </configuration>
            '''.stripIndent())
        Files.writeString(app.resolve('consumer.groovy'), '''\
            org.slf4j.LoggerFactory.getLogger('consumer').warn('the program speaks')
            def lab = new dev.nslab.dsl.ScriptRunner().load('consumer.netns.groovy', "namespace('c1')")
            println "loaded ${lab.labName()}"
            '''.stripIndent())
        def classPath = [app, Run.TARGET.resolve('classes'), Run.TARGET.resolve('lib/*')].join(':')

        when:
        def r = Run.of(['java', '-cp', classPath, 'groovy.ui.GroovyMain', app.resolve('consumer.groovy').toString()], [:], app)
        def lines = r.out.readLines()

        then:
        r.rc == 0
        lines.contains('APP WARN  consumer - the program speaks')
        lines.any { it ==~ /APP DEBUG ScriptRunner - script ran: \d+ ms/ } // nslab's own line, in the program's format, at its level
        lines.contains('loaded consumer')
        !(r.out + r.err).contains('nslab: ')
    }
}
