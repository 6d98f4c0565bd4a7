package dev.nslab.state

import dev.nslab.model.Prefix
import org.junit.jupiter.api.Tag
import spock.lang.Specification

/** The journal's lines, written and read by JournalRecord alone: each record reads back as itself. */
@Tag('plain-jvm')
class JournalRecordSpec extends Specification {
    def "every record reads back from the line it writes"() {
        expect:
        record.line() == line
        JournalRecord.parse(line) == record

        where:
        record                                                   | line
        new JournalRecord.Script('/srv/labs/a.netns.groovy')     | 'script /srv/labs/a.netns.groovy'
        new JournalRecord.Param('hosts', '12')                   | 'param hosts=12'
        new JournalRecord.Namespace('h1')                        | 'ns h1'
        new JournalRecord.NamespaceMade('h1', 4, 4026532317)     | 'ns-made h1 4 4026532317'
        new JournalRecord.ForgetNamespace('h1')                  | '-ns h1'
        new JournalRecord.Link('h1-p')                           | 'link h1-p'
        new JournalRecord.ForgetLink('h1-p')                     | '-link h1-p'
        new JournalRecord.UplinkGivenBack('eth0')                | '-uplink eth0'
    }

    def "an uplink's state reads back whole"() {
        given:
        def origin = new UplinkOrigin('eth0', 'host', true, [Prefix.parse('192.0.2.5/24')],
                [new UplinkOrigin.RouteVia(Prefix.parse('0.0.0.0/0'), InetAddress.getByName('192.0.2.1'))])

        expect:
        JournalRecord.parse(new JournalRecord.Uplink(origin).line()) == new JournalRecord.Uplink(origin)
    }

    def "a damaged or unknown line claims nothing"() {
        expect:
        JournalRecord.parse(line) == new JournalRecord.Unknown(line)
        Journal.ownership('l', Journal.parse(line + '\n')).namespaces().isEmpty()

        where:
        line << ['ns-made h1 x y', 'garbage', 'ns-made h1', 'uplink\tbroken']
    }

    def "a namespace announced again is not the one made before; taken back, it is forgotten"() {
        given:
        def records = Journal.parse('''\
            ns h1
            ns-made h1 4 100
            ns h2
            ns-made h2 4 200
            -ns h2
            ns h1
            '''.stripIndent())

        expect:
        Journal.made(records).isEmpty()
        Journal.ownership('l', records).namespaces() == ['h1'] as Set
    }
}
