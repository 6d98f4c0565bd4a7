package dev.nslab.model

import spock.lang.Specification
import spock.lang.Tag

@Tag('plain-jvm')
class PrefixSpec extends Specification {

    def "a prefix is parsed from text and printed canonically"() {
        expect:
        Prefix.parse(text).toString() == canonical
        Prefix.parse(text).ipv6 == ipv6

        where:
        text                          | canonical               | ipv6
        '10.0.0.1/24'                 | '10.0.0.1/24'           | false
        '0.0.0.0/0'                   | '0.0.0.0/0'             | false
        '255.255.255.255/32'          | '255.255.255.255/32'    | false
        'fd00::1/64'                  | 'fd00::1/64'            | true
        'FD00:0:0:0:0:0:0:1/64'       | 'fd00::1/64'            | true
        '2001:db8:0:0:1:0:0:1/48'     | '2001:db8::1:0:0:1/48'  | true
        '2001:db8:0:1:1:1:1:1/64'     | '2001:db8:0:1:1:1:1:1/64' | true
        '::/0'                        | '::/0'                  | true
        '::1/128'                     | '::1/128'               | true
        '1:2:3:4:5:6:7::/64'          | '1:2:3:4:5:6:7:0/64'    | true
        '::ffff:10.0.0.1/128'         | '::ffff:10.0.0.1/128'   | true
        '64:ff9b::192.0.2.33/96'      | '64:ff9b::c000:221/96'  | true
    }

    def "text that is not a literal address is refused without asking DNS: #text"() {
        when:
        Prefix.parse(text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        text                | message
        '10.0.0.1'          | "'10.0.0.1' has no prefix length (write it as ADDRESS/LENGTH)"
        '10.0.0.256/24'     | "'10.0.0.256' is not an IPv4 or IPv6 address"
        '10.0.0/24'         | "'10.0.0' is not an IPv4 or IPv6 address"
        '010.0.0.1/24'      | "'010.0.0.1' is not an IPv4 or IPv6 address"
        'localhost/8'       | "'localhost' is not an IPv4 or IPv6 address"
        'deadbeef/32'       | "'deadbeef' is not an IPv4 or IPv6 address"
        'fd00::1::2/64'     | "'fd00::1::2' is not an IPv4 or IPv6 address"
        'fd00:1:2:3:4:5:6:7:8/64' | "'fd00:1:2:3:4:5:6:7:8' is not an IPv4 or IPv6 address"
        'fe80::1%eth0/64'   | "'fe80::1%eth0' is not an IPv4 or IPv6 address"
        'fd00::12345/64'    | "'fd00::12345' is not an IPv4 or IPv6 address"
        '10.0.0.1/33'       | "'10.0.0.1/33' has an invalid prefix length (0..32)"
        'fd00::1/129'       | "'fd00::1/129' has an invalid prefix length (0..128)"
        '10.0.0.1/'         | "'10.0.0.1/' has an invalid prefix length (0..32)"
        '10.0.0.1/-1'       | "'10.0.0.1/-1' has an invalid prefix length (0..32)"
    }

    def "the network of #text is #network"() {
        expect:
        Prefix.parse(text).network().toString() == network

        where:
        text               | network
        '10.0.0.1/24'      | '10.0.0.0/24'
        '10.1.2.3/13'      | '10.0.0.0/13'
        '10.1.2.3/32'      | '10.1.2.3/32'
        'fd00::1:2/112'    | 'fd00::1:0/112'
        'fd00:1:2:3::9/0'  | '::/0'
    }

    def "#prefix contains #address: #inside"() {
        expect:
        Prefix.parse(prefix).contains(Addresses.parse(address)) == inside

        where:
        prefix          | address      | inside
        '10.0.0.1/24'   | '10.0.0.254' | true
        '10.0.0.1/24'   | '10.0.1.1'   | false
        '10.0.0.1/0'    | '192.0.2.1'  | true
        '10.0.0.1/24'   | 'fd00::1'    | false
        'fd00::1/64'    | 'fd00::ffff' | true
        'fd00::1/64'    | 'fd01::1'    | false
    }

    def "prefixes are equal by address and length"() {
        expect:
        Prefix.parse('fd00:0::1/64') == Prefix.parse('fd00::1/64')
        Prefix.parse('10.0.0.1/24') != Prefix.parse('10.0.0.1/16')
        Prefix.defaultRoute(false).toString() == '0.0.0.0/0'
        Prefix.defaultRoute(true).toString() == '::/0'
        Prefix.host(Addresses.parse('fd00::1')).toString() == 'fd00::1/128'
    }
}
