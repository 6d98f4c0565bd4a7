package dev.nslab.cli

import org.junit.jupiter.api.Tag
import picocli.CommandLine
import spock.lang.Specification

/**
 * The shape of the command line, without a kernel: options declared once and inherited (issue
 * 15.3), a command's own options after exec's NS and sandbox's FILE (issue 19.5), and every
 * subcommand's help ending with its exit codes (issue 19.9).
 */
@Tag('plain-jvm')
class CommandLineSpec extends Specification {
    /** Every command under nslab, depth first, as the words that name it: [['up'], ['daemon'], ['daemon', 'status'], ...]. */
    static List<List<String>> commandPaths(CommandLine cl = Main.commandLine(), List<String> above = []) {
        cl.subcommands.collectMany { name, sub -> [above + [name]] + commandPaths(sub, above + [name]) }
    }

    def "every subcommand takes -v and -q, inherited from the one declaration on nslab"() {
        expect:
        commandPaths().size() >= 20
        commandPaths().every { path ->
            def spec = path.inject(Main.commandLine()) { cl, name -> cl.subcommands[name] }.commandSpec
            ['-v', '-q'].every { spec.findOption(it)?.inherited() }
        }
    }

    def "nslab --help lists the subcommands read off their annotations, exactly as the full model lists them"() {
        given: 'the command line for --help (names and descriptions only) and for help (every command inspected)'
        def light = Main.commandLine('--help')
        def full = Main.commandLine('help')

        expect:
        light.subcommands.values().every { it.commandSpec.userObject() == null } // no command object: not inspected
        light.getUsageMessage(CommandLine.Help.Ansi.OFF) == full.getUsageMessage(CommandLine.Help.Ansi.OFF)
        Cli.run('--help').out == full.getUsageMessage(CommandLine.Help.Ansi.OFF)
        Cli.run('-q', '--version').out.startsWith('nslab ')
    }

    /** The classes a JVM of its own loads for {@code nslab ARGS}, by the JVM's own class-loading log. */
    private static List<String> classesLoadedBy(String... args) {
        def java = java.nio.file.Paths.get(System.getProperty('java.home'), 'bin', 'java').toString()
        def p = new ProcessBuilder([java, '-Xshare:off', '-Xlog:class+load=info:stdout:tags', '-cp', System.getProperty('java.class.path'),
                                    'dev.nslab.cli.Main'] + (args as List)).redirectErrorStream(true).start()
        def lines = p.inputStream.readLines()
        assert p.waitFor() == 0
        lines.findAll { it.startsWith('[class,load]') }.collect { it.tokenize(' ')[1] }
    }

    def "a bare --version loads neither picocli's model nor logging, Groovy or jnr-ffi; --help loads picocli alone of them"() {
        when:
        def version = classesLoadedBy('--version')
        def help = classesLoadedBy('-q', '--help')

        then: 'witness: the JVM\'s class-loading log (what bench/startup times)'
        version.contains('dev.nslab.cli.Main') && !version.contains('dev.nslab.cli.UpCommand')
        // (the verifier loads CommandLine itself, a type in Main's methods, without initialising it)
        version.findAll { it.startsWith('picocli.') } == ['picocli.CommandLine']
        !version.any { it.startsWith('ch.qos.logback.') || it.startsWith('groovy.') || it.startsWith('jnr.') }
        help.any { it.startsWith('picocli.') }
        !help.any { it.startsWith('groovy.') || it.startsWith('org.codehaus.groovy.') || it.startsWith('jnr.') }
    }

    def "-v and -q count before the subcommand and after it"() {
        expect:
        Cli.run('up', '-v', '--help').rc == 0
        Cli.run('-q', 'plan', '-v', '--help').rc == 0
    }

    def "the commands that read a script take FILE and its options from one mixin"() {
        expect:
        ['up', 'plan', 'check', 'unit', 'sandbox'].every { name ->
            def spec = Main.commandLine(name).subcommands[name].commandSpec
            spec.mixins().containsKey('script') && spec.findOption('--trust') && spec.findOption('-P')
                    && spec.positionalParameters()[0].paramLabel() == 'FILE'
        }
        ['down', 'graph', 'doctor'].every { name ->
            def spec = Main.commandLine(name).subcommands[name].commandSpec
            spec.mixins().containsKey('lab') && spec.findOption('--trust')
                    && spec.positionalParameters()[0].paramLabel() == 'FILE|LAB'
        }
    }

    def "exec and sandbox hand the command its own options, with or without --"() {
        when:
        def parsed = Main.commandLine(args as String[]).parseArgs(args as String[]).subcommand()
        def command = parsed.commandSpec().userObject().command

        then:
        RunsACommand.withoutSeparator(command) == expected

        where:
        args                                                         | expected
        ['exec', 'h1', 'ping', '-c1', '10.0.0.2']                    | ['ping', '-c1', '10.0.0.2']
        ['exec', 'h1', '--', 'ping', '-c1', '10.0.0.2']              | ['ping', '-c1', '10.0.0.2']
        ['exec', 'h1', 'ip', '-j', '--', 'addr']                     | ['ip', '-j', '--', 'addr']
        ['sandbox', '--stand-in', 'eth0', 'f.netns.groovy', 'ip', '-br', 'link'] | ['ip', '-br', 'link']
        ['sandbox', 'f.netns.groovy', '--', 'sh', '-c', 'exit 7']    | ['sh', '-c', 'exit 7']
    }

    def "nslab #name --help ends with its exit codes"() {
        when:
        def r = Cli.run(*(path + ['--help']))
        def last = r.out.trim().split(/\n\s*\n/).last().readLines()

        then:
        r.rc == 0
        last[0] == 'Exit codes:'
        def codes = last.drop(1).findAll { it ==~ /^ {2}\S.*/ }.collect { it.trim().split(/\s{2,}/)[0] } // not the wrapped lines
        codes == ['0', '1', '2'] || codes == ['N', '1, 2']

        where:
        path << commandPaths().findAll { it != ['help'] } + [[]]
        name = path.join(' ')
    }

    def "the exit codes say what is particular to a command"() {
        expect:
        Cli.run(command, '--help').out.replaceAll(/\s+/, ' ').contains(text)

        where:
        command   | text
        'capture' | '0 it ended with Ctrl-C, -c or --timeout'
        'capture' | '2 a usage error (a bad filter word, no such namespace or interface)'
        'doctor'  | '1 something is wrong'
        'exec'    | "N the command's own exit status (128+S when signal S ended it)"
        'up'      | '2 usage or script error (FILE:LINE): nothing was changed'
    }
}
