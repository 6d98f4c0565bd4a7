package dev.nslab.cli

import dev.nslab.testing.Ip
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * Run as root (as the specs are), nslab refuses a script that someone else could have changed,
 * on every command that runs one, unless --trust is given; nothing is created.
 */
class ScriptTrustSpec extends Specification {
    static final String TEXT = "namespace('t1') { veth 'eth0' addr '10.90.0.1/24' peer 't1-p' addr '10.90.0.2/24' }\n"
    def err = new ByteArrayOutputStream()
    def out = new ByteArrayOutputStream()
    PrintStream savedOut, savedErr
    List<Path> made = []

    def setup() {
        savedOut = System.out
        savedErr = System.err
        System.out = new PrintStream(out, true)
        System.err = new PrintStream(err, true)
    }

    def cleanup() {
        System.out = savedOut
        System.err = savedErr
        dev.nslab.state.Labs.labs().each { dev.nslab.apply.Applier.down(it) }
        made.reverse().each { Files.walk(it).sorted(Comparator.reverseOrder()).each { Files.deleteIfExists(it) } }
    }

    private Path dir(int mode) {
        def d = Files.createTempDirectory('trust')
        made << d
        Files.setAttribute(d, 'unix:mode', mode)
        d
    }

    private static Path script(Path dir, int mode) {
        def f = dir.resolve('trust.netns.groovy')
        Files.writeString(f, TEXT)
        Files.setAttribute(f, 'unix:mode', mode)
        f
    }

    def "a script everyone can write is refused by #command, saying why, and nothing is created"() {
        given:
        def f = script(dir(0700), 0666)

        when:
        int rc = Main.run(*(args + [f.toString()]))

        then:
        rc == 2
        err.toString().trim() == ("nslab: ${f}: refusing to run it as root: ${f} is writable by everyone (mode 0666). A script is"
                + " code, and nslab runs it as root: make it and its directories writable by their owner only (chmod go-w),"
                + " or pass --trust if you trust everyone who can change it").toString()
        Ip.netns() == []
        Ip.linkNames(null) == ['lo']
        dev.nslab.state.Labs.labs() == []

        where:
        command   | args
        'up'      | ['up']
        'plan'    | ['plan']
        'check'   | ['check']
        'doctor'  | ['doctor']
        'graph'   | ['graph']
        'sandbox' | ['sandbox']
        'unit'    | ['unit']
        'down'    | ['down']
        'ps'      | ['ps']
    }

    def "up refuses #why"() {
        given:
        def d = dir(dirMode)
        def f = script(d, fileMode)
        if (owner != null) {
            Files.setAttribute(f, 'unix:uid', owner)
        }
        def target = f
        if (viaLinkIn != null) {
            def l = dir(viaLinkIn)
            target = Files.createSymbolicLink(l.resolve('link.netns.groovy'), f)
        }

        when:
        int rc = Main.run('up', target.toString())

        then:
        rc == 2
        err.toString().contains(reason.replace('DIR', d.toString()).replace('FILE', f.toString()))
        Ip.netns() == []

        where:
        why                                           | dirMode      | fileMode    | owner | viaLinkIn   | reason
        'a script its group can write'                | 0700  | 0664 | null  | null        | 'FILE is writable by its group (mode 0664)'
        'a script in a directory everyone can write'  | 0777  | 0644 | null  | null        | 'its directory DIR is writable by everyone (mode 0777)'
        "a script owned by another user"              | 0700  | 0644 | 65534 | null        | 'FILE belongs to uid 65534'
        'a symlink in a directory everyone can write' | 0700  | 0644 | null  | 0777 | 'is writable by everyone (mode 0777)'
    }

    def "a script only root can write is run, also in a sticky directory like /tmp; --trust runs the others"() {
        given:
        def sticky = script(dir(01777), 0644)
        def open = script(dir(0777), 0666)

        expect:
        Main.run('plan', sticky.toString()) == 0
        Main.run('up', '--trust', open.toString()) == 0
        Ip.netns() == ['t1']
        Main.run('down', '--trust', open.toString()) == 0
        Ip.netns() == []
    }
}
