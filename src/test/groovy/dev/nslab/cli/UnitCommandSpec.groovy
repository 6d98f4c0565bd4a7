package dev.nslab.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** nslab unit: the exact text, --install, and systemd's own verdict on it. */
class UnitCommandSpec extends Specification {
    @TempDir
    Path tmp

    static final String SCRIPT = Paths.get('dsl-examples/two-hosts.netns.groovy').toAbsolutePath().toString()
    static final String DIR = Paths.get('dsl-examples').toAbsolutePath().toString()

    private static Map nslab(String... args) {
        Cli.run(args)
    }

    def "the unit is a oneshot that stays active after up, runs down on stop, and starts after network-pre.target"() {
        when:
        def r = nslab('unit', '--nslab', '/usr/local/bin/nslab', 'dsl-examples/two-hosts.netns.groovy')

        then:
        r.rc == 0
        r.out == """\
            # Written by 'nslab unit': brings lab two-hosts up at boot, down at shutdown.
            [Unit]
            Description=nslab lab two-hosts
            After=network-pre.target
            RequiresMountsFor=${DIR}

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/usr/local/bin/nslab up ${SCRIPT}
            ExecStop=/usr/local/bin/nslab down two-hosts

            [Install]
            WantedBy=multi-user.target
            """.stripIndent()
    }

    def "by default the unit runs the installed launcher, when the package installed one"() {
        given:
        def launcher = tmp.resolve('nslab')
        Files.writeString(launcher, '#!/bin/sh\nexit 0\n')

        expect: 'an executable launcher: the unit runs it (a unit outlives build trees and JDK updates)'
        launcher.toFile().setExecutable(true)
        UnitCommand.thisNslab(launcher) == [launcher.toString()]

        and: 'none, or one that cannot run: this Java with this jar or class path'
        launcher.toFile().setExecutable(false)
        UnitCommand.thisNslab(launcher)[0] == "${System.getProperty('java.home')}/bin/java".toString()
        UnitCommand.thisNslab(tmp.resolve('absent'))[0] == "${System.getProperty('java.home')}/bin/java".toString()
    }

    def "without an installed launcher the unit runs this Java with this jar or class path"() {
        when: 'the test world has no /usr/bin/nslab (the .deb is installed only in DebPackageSpec\'s own mount namespace)'
        def r = nslab('unit', 'dsl-examples/two-hosts.netns.groovy')
        def start = r.out.readLines().find { it.startsWith('ExecStart=') }

        then:
        !Files.exists(Paths.get(UnitCommand.INSTALLED))
        start.startsWith("ExecStart=${System.getProperty('java.home')}/bin/java ")
        start.endsWith(" up ${SCRIPT}")
        start.contains('dev.nslab.cli.Main') || start.contains('-jar ')
    }

    def "the template unit of the package runs up and down on /etc/nslab/NAME.netns.groovy"() {
        expect:
        SystemdUnit.template(['/usr/bin/nslab']) == """\
            # nslab@NAME.service: lab /etc/nslab/NAME.netns.groovy up at boot, down at shutdown.
            # systemctl enable --now nslab@NAME (after writing the script; see nslab-unit(1)).
            [Unit]
            Description=nslab lab %i
            After=network-pre.target
            RequiresMountsFor=/etc/nslab

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/usr/bin/nslab up /etc/nslab/%i.netns.groovy
            ExecStop=/usr/bin/nslab down /etc/nslab/%i.netns.groovy

            [Install]
            WantedBy=multi-user.target
            """.stripIndent()
    }

    def "a word systemd would split or expand is quoted: #word"() {
        expect:
        SystemdUnit.quote(word) == quoted

        where:
        word             | quoted
        '/opt/nslab'     | '/opt/nslab'
        '/my labs/a.x'   | '"/my labs/a.x"'
        '100%'           | '100%%'
        '$HOME'          | '$$HOME'
        'say "hi"'       | '"say \\"hi\\""'
        'a\\b'           | '"a\\\\b"'
        ''               | '""'
    }

    def "--install writes nslab-LAB.service into the directory and says how to enable it"() {
        when:
        def r = nslab('unit', '--install', '--dir', tmp.toString(), '--nslab', '/usr/local/bin/nslab', 'dsl-examples/two-hosts.netns.groovy')
        def unit = tmp.resolve('nslab-two-hosts.service')

        then:
        r.rc == 0
        r.out == "wrote ${unit}; enable it with: systemctl daemon-reload && systemctl enable --now nslab-two-hosts.service\n"
        Files.readString(unit) == nslab('unit', '--nslab', '/usr/local/bin/nslab', 'dsl-examples/two-hosts.netns.groovy').out
    }

    def "a wrong script is refused with its FILE:LINE and no unit is written"() {
        given:
        def bad = tmp.resolve('bad.netns.groovy')
        Files.writeString(bad, "namespace('h1') {\n    veth 'eth0' adr '10.0.0.1/24'\n}\n")

        when:
        def r = nslab('unit', '--install', '--dir', tmp.resolve('units').toString(), bad.toString())

        then:
        r.rc == 2
        r.err.startsWith("nslab: ${bad}:2: ")
        !Files.exists(tmp.resolve('units'))
    }

    def "systemd-analyze verify accepts the unit"() {
        given: 'systemd-analyze is installed by .ci/test (package systemd); systemd itself is not started'
        def unit = tmp.resolve('nslab-two-hosts.service')
        def launcher = tmp.resolve('nslab')
        Files.writeString(launcher, '#!/bin/sh\nexit 0\n')
        launcher.toFile().setExecutable(true)
        nslab('unit', '--install', '--dir', tmp.toString(), '--nslab', launcher.toString(), 'dsl-examples/two-hosts.netns.groovy')

        when:
        def p = new ProcessBuilder('systemd-analyze', '--man=no', 'verify', unit.toString()).redirectErrorStream(true).start()
        def out = p.inputStream.text
        int rc = p.waitFor()

        then:
        rc == 0
        !out.contains('nslab-two-hosts.service')
    }
}
