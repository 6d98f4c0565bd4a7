package dev.nslab.model

import spock.lang.Specification
import spock.lang.Tag

@Tag('plain-jvm')
class CountsSpec extends Specification {
    def "#n #noun reads #text"() {
        expect:
        Counts.of(n, noun) == text

        where:
        n | noun        | text
        0 | 'link'      | '0 links'
        1 | 'link'      | '1 link'
        2 | 'link'      | '2 links'
        1 | 'process'   | '1 process'
        3 | 'process'   | '3 processes'
        2 | 'address'   | '2 addresses'
        1 | 'change'    | '1 change'
        5 | 'host link' | '5 host links'
    }
}
