package dev.nslab.dsl

import dev.nslab.model.Addresses
import dev.nslab.model.Bridge
import dev.nslab.model.Expectation
import dev.nslab.model.HostDevice
import dev.nslab.model.LinkAttrs
import dev.nslab.model.Macvlan
import dev.nslab.model.MacvlanMode
import dev.nslab.model.Namespace
import dev.nslab.model.Prefix
import dev.nslab.model.Readiness
import dev.nslab.model.Route
import dev.nslab.model.SourceLocation
import dev.nslab.model.Spawn
import dev.nslab.model.Sysctl
import dev.nslab.model.Tap
import dev.nslab.model.Topology
import dev.nslab.model.Uplink
import dev.nslab.model.Veth
import dev.nslab.model.Vxlan
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Tag

/** The words of the DSL, from the contract's examples to plain Groovy, and the model they record. */
@Tag('plain-jvm')
class NslabScriptSpec extends Specification {

    static final String FILE = 'lab.netns.groovy'

    @Shared
    ScriptRunner runner = new ScriptRunner()

    Topology load(String text, String file = FILE) {
        runner.load(file, text)
    }

    static SourceLocation at(int line) {
        new SourceLocation(FILE, line)
    }

    static LinkAttrs end(Map m) {
        new LinkAttrs(m.name as String, (m.ns ?: Namespace.HOST) as String,
                (m.addr ?: []).collect { Prefix.parse(it as String) }, m.mtu as Integer, m.mac as String,
                m.master as String, m.containsKey('up') ? m.up as boolean : true, at(m.line as int))
    }

    static InetAddress ip(String text) {
        Addresses.parse(text)
    }

    def "the seed's bridge lab records a bridge, an uplink and a veth with its peer in the host"() {
        when:
        def lab = load('''\
            bridge 'br0' addr '192.168.56.130/24'
            uplink 'eth0' master 'br0'
            namespace('ns1') {
                veth 'veth2' addr '192.168.56.131/24' peer 'veth1' master 'br0'
            }
            '''.stripIndent())

        then:
        lab.labName() == 'lab'
        lab.file() == FILE
        lab.namespaces() == [new Namespace('host', at(0)), new Namespace('ns1', at(3))]
        lab.links() == [
                new Bridge(end(name: 'br0', addr: ['192.168.56.130/24'], line: 1), false, null),
                new Veth(end(name: 'veth2', ns: 'ns1', addr: ['192.168.56.131/24'], line: 4),
                        end(name: 'veth1', master: 'br0', line: 4))]
        lab.uplinks() == [new Uplink('eth0', 'host', [], 'br0', true, at(2))]
        lab.routes().empty
        lab.hostDevices().empty
    }

    def "routes and sysctls apply to the namespace of their block"() {
        when:
        def lab = load('''\
            bridge 'br0' addr '10.0.0.1/24'
            namespace('ns1') {
                veth 'eth0' addr '10.0.0.2/24' addr 'fd00::2/64' peer 'h1-eth0' master 'br0'
                route 'default' via '10.0.0.1'
                route '10.9.0.0/16' via '10.0.0.254'
                route '10.8.0.0/16' dev 'eth0'
                sysctl 'net.ipv4.ip_forward', 1
            }
            '''.stripIndent())

        then:
        lab.links()[1] == new Veth(end(name: 'eth0', ns: 'ns1', addr: ['10.0.0.2/24', 'fd00::2/64'], line: 3),
                end(name: 'h1-eth0', master: 'br0', line: 3))
        lab.routes() == [
                new Route('ns1', Prefix.parse('0.0.0.0/0'), ip('10.0.0.1'), null, at(4)),
                new Route('ns1', Prefix.parse('10.9.0.0/16'), ip('10.0.0.254'), null, at(5)),
                new Route('ns1', Prefix.parse('10.8.0.0/16'), null, 'eth0', at(6))]
        lab.sysctls() == [new Sysctl('ns1', 'net.ipv4.ip_forward', '1', at(7))]
    }

    def "a default route takes the family of its gateway, and a bare address is a host route"() {
        when:
        def lab = load('''\
            bridge 'br0' addr '10.0.0.1/24' addr 'fd00::1/64'
            route 'default' via 'fd00::ff'
            route 'default' dev 'br0'
            route '10.9.9.9' via '10.0.0.254'
            route 'fd01::/64' via 'fe80::1' dev 'br0'
            '''.stripIndent())

        then:
        lab.routes()*.destination()*.toString() == ['::/0', '0.0.0.0/0', '10.9.9.9/32', 'fd01::/64']
        lab.routes()*.destination()*.isDefault() == [true, true, false, false]
    }

    def "spawn records a name and an argv; numbers and lists are accepted"() {
        when:
        def lab = load('''\
            namespace('ns1') {
                spawn 'web', '/usr/bin/python3', '-m', 'http.server', '8080'
            }
            def port = 9090
            spawn 'web2', '/usr/bin/python3', '-m', 'http.server', port
            spawn 'sh', ['/bin/sh', '-c', "echo ${port}"]
            '''.stripIndent())

        then:
        lab.spawns() == [
                new Spawn('ns1', 'web', ['/usr/bin/python3', '-m', 'http.server', '8080'], at(2)),
                new Spawn('host', 'web2', ['/usr/bin/python3', '-m', 'http.server', '9090'], at(5)),
                new Spawn('host', 'sh', ['/bin/sh', '-c', 'echo 9090'], at(6))]
    }

    // ---- services (issue 17) ----

    def "spawn ... ready 'tcp:PORT' within 'T' records what up waits for; udp and log too; 10 s by default"() {
        when:
        def lab = load('''\
            namespace('srv') {
                spawn 'web', 'python3', '-m', 'http.server', '8080' ready 'tcp:8080'
                spawn 'dns', 'dnsmasq', '-d' ready 'udp:53' within '30s'
                spawn 'app', ['sh', '-c', 'run'] ready 'log:started in [0-9]+ ms' within '500ms'
                spawn 'plain', 'sleep', '60'
            }
            '''.stripIndent())

        then:
        lab.spawns()*.ready()*.describe() == ['tcp:8080', 'udp:53', 'log:started in [0-9]+ ms', null]
        lab.spawns()*.ready()*.within() == [Readiness.DEFAULT_WITHIN, java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(500), null]
        lab.spawns()[0].ready() == new Readiness(Readiness.Kind.TCP, 8080, null, java.time.Duration.ofSeconds(10), at(2))
        lab.spawns()[0].argv() == ['python3', '-m', 'http.server', '8080']
    }

    def "connect and noConnect record a TCP target, IPv6 in brackets"() {
        when:
        def lab = load('''\
            namespace 'client'
            connect 'client' to '10.0.0.2:8080'
            noConnect 'client' to '[fd00::2]:22'
            '''.stripIndent())

        then:
        lab.expectations() == [
                new Expectation(Expectation.Kind.CONNECT, 'client', ip('10.0.0.2'), 8080, at(2)),
                new Expectation(Expectation.Kind.NO_CONNECT, 'client', ip('fd00::2'), 22, at(3))]
        lab.expectations()*.describeTarget() == ['10.0.0.2:8080', '[fd00::2]:22']
    }

    def "a wrong ready, within or connect target is a script error naming the line and the way to write it: #text"() {
        when:
        load("namespace('c') {\n    ${text}\n}\n")

        then:
        def e = thrown(DslException)
        e.message.contains('lab.netns.groovy:2: ') && e.message.contains(message)

        where:
        text                                                         | message
        "spawn 'w', 'x' ready 'tcp:99999'"                           | "ready 'tcp:99999': the port must be a number from 1 to 65535, as in 'tcp:8080'"
        "spawn 'w', 'x' ready 'http:80'"                             | "ready 'http:80' is not a readiness: write 'tcp:PORT', 'udp:PORT' or 'log:REGEX'"
        "spawn 'w', 'x' ready 'log:(('"                              | "ready 'log:((': not a regular expression"
        "spawn 'w', 'x' ready 'tcp:80' within 'soon'"                | "within 'soon' is not a time: write a positive number with ms, s or m, as in '30s'"
        "spawn 'w', 'x' within '3s'"                                 | "spawn 'w': within needs ready before it"
        "connect 'c' to '10.0.0.2'"                                  | "connect to '10.0.0.2': write the address and the port, as in '10.0.0.2:8080' or '[fd00::2]:8080'"
        "noConnect 'c' to 'fd00::2:80'"                              | "noConnect to 'fd00::2:80': write the address and the port"
        "connect 'c' to '10.0.0.2:0'"                                | "connect to '10.0.0.2:0': the port must be a number from 1 to 65535"
    }

    def "ping and noPing record expectations, from a namespace or the host"() {
        when:
        def lab = load('''\
            namespace 'ns1'
            namespace 'ns2'
            ping 'ns1' to '10.0.0.1'
            noPing 'ns2' to '10.0.0.1'
            ping 'host' to 'fd00::1'
            '''.stripIndent())

        then:
        lab.expectations() == [
                new Expectation(Expectation.Kind.PING, 'ns1', ip('10.0.0.1'), at(3)),
                new Expectation(Expectation.Kind.NO_PING, 'ns2', ip('10.0.0.1'), at(4)),
                new Expectation(Expectation.Kind.PING, 'host', ip('fd00::1'), at(5))]
    }

    def "the chain form and the block form of #kind record the same thing"() {
        expect:
        load(chain) == load(block)

        where:
        kind      | chain                                                                   | block
        'veth'    | "veth 'veth1' peer 'veth2' netns 'ns1'\nnamespace 'ns1'"               | "veth('veth1') { peer('veth2') { netns 'ns1' } }\nnamespace 'ns1'"
        'veth'    | "bridge 'br0'; veth 'a' addr '10.0.0.1/24' mtu 1400 peer 'b' master 'br0' down()" | "bridge 'br0'; veth('a') { addr '10.0.0.1/24'; mtu 1400; peer('b') { master 'br0'; down() } }"
        'bridge'  | "bridge 'br0' addr '10.0.0.1/24' stp true forwardDelay 4 mtu 1400"     | "bridge('br0') { addr '10.0.0.1/24'; stp true; forwardDelay 4; mtu 1400 }"
        'macvlan' | "macvlan 'mv0' parent 'eth0' mode 'bridge' mac '02:00:00:00:00:01'"    | "macvlan('mv0') { parent 'eth0'; mode 'bridge'; mac '02:00:00:00:00:01' }"
        'vxlan'   | "vxlan 'vx0' id 42 remote '192.0.2.2' local '192.0.2.1' dstport 4789 dev 'eth0'" | "vxlan('vx0') { id 42; remote '192.0.2.2'; local '192.0.2.1'; dstport 4789; dev 'eth0' }"
        'tap'     | "tap 'tap0' down()"                                                     | "tap('tap0') { down() }"
        'uplink'  | "bridge 'br0'; uplink 'eth0' master 'br0' addr '10.0.0.1/24'"          | "bridge 'br0'; uplink('eth0') { master 'br0'; addr '10.0.0.1/24' }"
    }

    def "each kind records its own settings"() {
        when:
        def lab = load('''\
            bridge 'br0' stp true forwardDelay 4
            macvlan 'mv0' parent 'eth0' mode 'passthru'
            macvlan 'mv1' parent 'eth0'
            vxlan 'vx0' id 42 group '239.1.1.1' dev 'eth0' dstport 4789
            tap 'tap0' mac '02:AA:00:00:00:01'
            '''.stripIndent())

        then:
        lab.links() == [
                new Bridge(end(name: 'br0', line: 1), true, 4),
                new Macvlan(end(name: 'mv0', line: 2), 'eth0', MacvlanMode.PASSTHRU),
                new Macvlan(end(name: 'mv1', line: 3), 'eth0', MacvlanMode.VEPA),
                new Vxlan(end(name: 'vx0', line: 4), 42, null, null, ip('239.1.1.1'), 4789, 'eth0'),
                new Tap(end(name: 'tap0', mac: '02:aa:00:00:00:01', line: 5))]
        lab.links()*.kind() == ['bridge', 'macvlan', 'macvlan', 'vxlan', 'tap']
    }

    def "an undeclared lower device in the host is recorded as an existing host device"() {
        when:
        def lab = load('''\
            macvlan 'mv0' parent 'eth0'
            vxlan 'vx0' id 1 remote '192.0.2.2' dev 'eth1'
            bridge 'br0'
            vxlan 'vx1' id 2 remote '192.0.2.3' dev 'br0'
            '''.stripIndent())

        then:
        lab.hostDevices() == [
                new HostDevice('eth0', "parent of macvlan 'mv0'", at(1)),
                new HostDevice('eth1', "dev of vxlan 'vx0'", at(2))]
    }

    def "a veth's peer lives in the host unless its chain says netns"() {
        when:
        def lab = load('''\
            namespace('ns1') {
                veth 'a' peer 'b'
                veth 'c' peer 'd' netns 'ns2'
                veth 'e' netns 'host' peer 'f' netns 'ns1'
            }
            namespace 'ns2'
            veth 'g' peer 'h' netns 'ns1'
            '''.stripIndent())

        then:
        lab.links().collect { [it.ends()*.name(), it.ends()*.namespace()] } == [
                [['a', 'b'], ['ns1', 'host']],
                [['c', 'd'], ['ns1', 'ns2']],
                [['e', 'f'], ['host', 'ns1']],
                [['g', 'h'], ['host', 'ns1']]]
    }

    def "down() leaves an interface down; everything else is up"() {
        when:
        def lab = load('''\
            veth 'a' down() peer 'b'
            veth 'c' peer 'd' down()
            uplink 'eth0' down()
            bridge 'br0'
            '''.stripIndent())

        then:
        lab.links().collect { it.ends()*.up() } == [[false, true], [true, false], [true]]
        !lab.uplinks()[0].up()
    }

    def "two namespace blocks with the same name merge; the namespace is where it was first declared"() {
        when:
        def lab = load('''\
            namespace('ns1') {
                veth 'a' peer 'b'
            }
            namespace('ns1') {
                veth 'c' peer 'd'
            }
            namespace 'ns1'
            '''.stripIndent())

        then:
        lab.namespaces() == [new Namespace('host', at(0)), new Namespace('ns1', at(1))]
        lab.interfacesIn('ns1')*.name() == ['a', 'c']
    }

    def "namespace 'X' declares an empty namespace"() {
        expect:
        load("namespace 'empty'").declaredNamespaces() == [new Namespace('empty', at(1))]
    }

    def "the lab is named by lab 'NAME', else by the file name: #file"() {
        expect:
        load(text, file).labName() == name

        where:
        file                       | text             | name
        'lab.netns.groovy'         | "lab 'seed'"     | 'seed'
        'bridges.netns.groovy'     | ''               | 'bridges'
        'labs/star.netns.groovy'   | ''               | 'star'
        'plain.groovy'             | ''               | 'plain'
        'noext'                    | ''               | 'noext'
    }

    def "plain Groovy works: a star of 50 hosts from a function, a loop and string templates"() {
        when:
        def lab = load('''\
            lab 'star'
            def hosts = 50
            bridge 'br0' addr '10.0.0.1/16'

            def host(int n) {
                def name = "h$n"
                namespace(name) {
                    veth 'eth0' addr "10.0.${n.intdiv(256)}.${n % 256 + 1}/16" peer "$name-eth0" master 'br0'
                    route 'default' via '10.0.0.1'
                }
            }

            for (int i = 1; i <= hosts; i++) {
                host(i)
            }
            (1..hosts).step(10).each { ping "h$it" to '10.0.0.1' }
            '''.stripIndent())

        then:
        lab.labName() == 'star'
        lab.declaredNamespaces().size() == 50
        lab.links().size() == 51
        lab.interfacesIn('host').size() == 51
        lab.interfacesIn('h50') == [end(name: 'eth0', ns: 'h50', addr: ['10.0.0.51/16'], line: 8)]
        lab.link('host', 'h7-eth0').get().ends()[1].master() == 'br0'
        lab.routes().size() == 50
        lab.routes().every { it.location() == at(9) }
        lab.expectations()*.fromNamespace() == ['h1', 'h11', 'h21', 'h31', 'h41']
    }

    def "a function called inside a namespace block declares into that namespace"() {
        when:
        def lab = load('''\
            def pair(String a, String b) { veth a peer b }
            namespace('ns1') {
                pair 'x', 'y'
            }
            pair 'z', 'w'
            '''.stripIndent())

        then:
        lab.links()*.namespace() == ['ns1', 'host']
    }

    def "script variables are seen and set from inside blocks"() {
        when:
        def lab = load('''\
            mask = 24
            count = 0
            namespace('ns1') {
                veth('a') {
                    addr "10.0.0.1/$mask"
                    peer 'b'
                    count = count + 1
                }
            }
            tap "t$count"
            '''.stripIndent())

        then:
        lab.links()[0].addresses()*.toString() == ['10.0.0.1/24']
        lab.links()[1].name() == 't1'
    }

    def "a block can take its builder as a parameter"() {
        expect:
        load("bridge('br0') { b -> b.stp true }").links()[0] == new Bridge(end(name: 'br0', line: 1), true, null)
    }
}
