package dev.nslab.dsl

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Tag

import java.nio.file.Files
import java.nio.file.Path

/**
 * A wrong script is refused with {@code FILE:LINE: what is wrong}. The messages
 * are part of nslab's interface, so they are asserted exactly.
 */
@Tag('plain-jvm')
class ScriptRunnerSpec extends Specification {

    @Shared
    ScriptRunner runner = new ScriptRunner()

    @TempDir
    Path dir

    def "a wrong script is refused with the file, the line and what is wrong: #reason"() {
        when:
        runner.load('x.netns.groovy', script)

        then:
        def e = thrown(DslException)
        e.message == 'x.netns.groovy:' + message

        where:
        reason                          | script                                                                       | message
        // Groovy syntax and runtime
        'syntax error'                  | "bridge 'br0'\nveth 'a' {"                                                    | "2: Unexpected input: '{'"
        'unknown class'                 | "bridge 'br0'\nnew Brige()"                                                   | "2: unable to resolve class Brige"
        'exception from the script'     | "bridge 'br0'\n\nthrow new IllegalStateException('need 3 hosts')"            | "3: IllegalStateException: need 3 hosts"
        'arithmetic in the script'      | 'def n = 0\nbridge "br${1 / n}"'                                               | "2: ArithmeticException: Division by zero"
        'exception inside a block'      | "namespace('ns1') {\n  veth('a') {\n    mtu Integer.parseInt('x')\n  }\n}"  | "3: NumberFormatException: For input string: \"x\""
        // Groovy's traps, each with its fix
        'a block after a bare argument' | "namespace 'h1' {\n  veth 'eth0' peer 'p'\n}"                                  | "1: write namespace('h1') { ... }: a block after a bare argument is not passed to namespace; in parentheses it is"
        'a block after a GString'       | '(1..2).each { i ->\n  namespace "h$i" { }\n}'                                   | '2: write namespace("h$i") { ... }: a block after a bare argument is not passed to namespace; in parentheses it is'
        'a block after a link name'     | "veth 'a' {\n  peer 'b'\n}"                                                    | "1: write veth('a') { ... }: a block after a bare argument is not passed to veth; in parentheses it is"
        'a missing comma'               | "namespace('r') {\n  sysctl 'net.ipv4.ip_forward' 1\n}"                       | "2: write sysctl 'net.ipv4.ip_forward', 1: a comma separates sysctl's arguments"
        'a missing comma in spawn'      | "spawn 'web', 'python3' '-m'"                                                  | "1: write spawn 'web', 'python3', '-m': a comma separates spawn's arguments"
        'a missing to'                  | "namespace 'h1'\nping 'h1' '10.0.0.2'"                                         | "2: write ping 'h1' to '10.0.0.2': the word to names the address"
        'ping given two arguments'      | "namespace 'h1'\nping('h1', '10.0.0.2')"                                       | "2: 'ping' takes (String), not (String, String): write ping 'h1' to '10.0.0.2'"
        'a value without its word'      | "veth 'a' peer 'b' '10.0.0.1/24'"                                              | "1: '10.0.0.1/24' follows veth 'a' peer 'b' without a word: write one of addr, burst, corrupt, delay, down, duplicate, jitter, latency, loss, mac, master, mtu, netns, queue, rate, reorder before it"
        'sysctl without its value'      | "sysctl('net.ipv4.ip_forward')"                                                | "1: 'sysctl' takes (String, Object), not (String): write sysctl 'net.ipv4.ip_forward', VALUE (with a comma)"
        'gw for via'                    | "bridge 'br0' addr '10.0.0.1/24'\nroute 'default' gw '10.0.0.1'"               | "2: unknown word 'gw' in route 'default' (did you mean 'via'?)"
        'ns for netns'                  | "veth 'a' peer 'b' ns 'h1'"                                                    | "1: unknown word 'ns' in peer 'b' of veth 'a' (did you mean 'netns'?)"
        'address for addr'              | "veth('a') {\n  address '10.0.0.1/24'\n}"                                     | "2: unknown word 'address' in veth 'a' (did you mean 'addr'?)"
        'device for dev'                | "route '10.8.0.0/16' device 'eth0'"                                            | "1: unknown word 'device' in route '10.8.0.0/16' (did you mean 'dev'?)"
        // unknown words
        'typo in a chain'               | "veth 'veth1' adr '10.0.0.1/24' peer 'veth2'"                                 | "1: unknown word 'adr' in veth 'veth1' (did you mean 'addr'?)"
        'typo at the top level'         | "bridge 'br0'\nbridg 'br1'"                                                   | "2: unknown word 'bridg' (did you mean 'bridge'?)"
        'typo in a namespace block'     | "namespace('ns1') {\n  vet 'a'\n}"                                            | "2: unknown word 'vet' in namespace 'ns1' (did you mean 'veth'?)"
        'typo in a link block'          | "veth('a') {\n  peer 'b'\n  mastr 'br0'\n}"                                  | "3: unknown word 'mastr' in veth 'a' (did you mean 'master'?)"
        'script word in a link block'   | "namespace('ns1') {\n  veth('a') {\n    rout 'default'\n  }\n}"              | "3: unknown word 'rout' in veth 'a' (did you mean 'route'?)"
        'typo after peer'               | "veth 'a' peer 'b' netsn 'ns1'"                                               | "1: unknown word 'netsn' in peer 'b' of veth 'a' (did you mean 'netns'?)"
        'typo in a ping'                | "ping 'host' too '10.0.0.1'"                                                  | "1: unknown word 'too' in ping 'host' (did you mean 'to'?)"
        'word of another kind'          | "veth 'a' stp true peer 'b'"                                                  | "1: unknown word 'stp' in veth 'a'"
        'typo in a function'            | "def pair(a) {\n  vet a\n}\nnamespace('ns1') {\n  pair 'x'\n}"               | "2: unknown word 'vet' in namespace 'ns1' (did you mean 'veth'?)"
        'typo of a function'            | "def pair(a) { veth a peer 'b' }\npiar 'x'"                                   | "2: unknown word 'piar' (did you mean 'pair'?)"
        'typo after a caught failure'   | "namespace('ns1') {\n  try { veth('a') { fail() } } catch (e) { }\n}\nbrige 'br0'" | "4: unknown word 'brige' (did you mean 'bridge'?)"
        'undefined variable'            | 'veth "h${i}" peer \'b\''                                                       | "1: unknown variable or word 'i'"
        'wrong argument type'           | "veth('a') {\n  peer 'b'\n  mtu '1400'\n}"                                   | "3: 'mtu' in veth 'a' takes (int), not (String)"
        'wrong top-level argument'      | "veth 42"                                                                     | "1: 'veth' takes (String) or (String, Closure), not (Integer)"
        'down without parentheses'      | "veth 'a' peer 'b' down"                                                      | "1: 'down' in peer 'b' of veth 'a' needs parentheses: down()"
        'down without parentheses in a block' | "tap('t0') {\n  down\n}"                                                | "2: 'down' in tap 't0' needs parentheses: down()"
        'assignment to a word'          | "veth('a') {\n  peer 'b'\n  mtu = 1400\n}"                                 | "3: 'mtu' in veth 'a' is a word, not a property: write mtu 1400"
        'assignment to a string word'   | "macvlan('mv0') {\n  parent = 'eth0'\n}"                                    | "2: 'parent' in macvlan 'mv0' is a word, not a property: write parent 'eth0'"
        'word without its value'        | "bridge 'br0' stp"                                                            | "1: 'stp' in bridge 'br0' needs arguments (boolean)"
        // evaluation
        'address without length'        | "veth 'a' addr '10.0.0.1' peer 'b'"                                           | "1: addr '10.0.0.1' has no prefix length (write it as ADDRESS/LENGTH)"
        'address out of range'          | "veth 'a' addr '10.0.0.300/24' peer 'b'"                                      | "1: addr '10.0.0.300' is not an IPv4 or IPv6 address"
        'prefix length out of range'    | "veth 'a' addr 'fd00::1/129' peer 'b'"                                        | "1: addr 'fd00::1/129' has an invalid prefix length (0..128)"
        'host name instead of address'  | "ping 'host' to 'gateway'"                                                    | "1: to 'gateway' is not an IPv4 or IPv6 address"
        'bad gateway'                   | "route 'default' via '10.0.0'"                                                | "1: via '10.0.0' is not an IPv4 or IPv6 address"
        'bad route destination'         | "route '10.0.0.0/33' dev 'lo'"                                                | "1: route '10.0.0.0/33' has an invalid prefix length (0..32)"
        'nested namespace blocks'       | "namespace('ns1') {\n  namespace('ns2') {\n  }\n}"                           | "2: namespace blocks cannot be nested: 'ns2' inside 'ns1' (line 1)"
        "'host' as a namespace"         | "namespace 'host'"                                                            | "1: 'host' is the host's own namespace and cannot be declared: declare what belongs in the host at the top level"
        'lab named twice'               | "lab 'a'\nlab 'b'"                                                            | "2: lab is named twice (first at line 1)"
        'lab inside a namespace'        | "namespace('ns1') {\n  lab 'a'\n}"                                           | "2: lab must be named at the top level, not inside namespace 'ns1'"
        'invalid lab name'              | "lab '../etc'"                                                                | "1: lab name '../etc' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        'unknown macvlan mode'          | "macvlan 'mv0' parent 'eth0' mode 'fast'"                                     | "1: macvlan mode 'fast' is not one of private, vepa, bridge, passthru"
        'two peers'                     | "veth('a') {\n  peer 'b'\n  peer 'c'\n}"                                     | "3: veth 'a' already has peer 'b' (line 2)"
        'null argument to spawn'        | "spawn 'web', '/bin/sleep', null"                                             | "1: spawn 'web': argument 2 is null"
        'null sysctl value'             | "sysctl 'net.ipv4.ip_forward', null"                                          | "1: sysctl 'net.ipv4.ip_forward' has no value"
        // completeness
        'veth without peer'             | "bridge 'br0'\nveth 'a' master 'br0'"                                         | "2: veth 'a' has no peer: add peer 'NAME'"
        'macvlan without parent'        | "macvlan 'mv0' mode 'bridge'"                                                 | "1: macvlan 'mv0' has no parent: add parent 'DEVICE'"
        'vxlan without id'              | "vxlan 'vx0' remote '10.0.0.2'"                                               | "1: vxlan 'vx0' has no id: add id VNI"
        'route without via or dev'      | "route '10.8.0.0/16'"                                                         | "1: route '10.8.0.0/16' needs a gateway or a device: add via 'GATEWAY' or dev 'DEVICE'"
        'ping without target'           | "namespace 'ns1'\nping 'ns1'"                                                 | "2: ping 'ns1' has no target: add to 'ADDRESS'"
        'every incomplete one, in order' | "ping 'host'\nveth 'a'"                                                      | "1: ping 'host' has no target: add to 'ADDRESS'\nx.netns.groovy:2: veth 'a' has no peer: add peer 'NAME'"
        // names
        'interface name too long'       | "veth 'veth-with-long-name' peer 'b'"                                         | "1: interface name 'veth-with-long-name' is not valid: use 1 to 15 of A-Z a-z 0-9 _ . -, starting with a letter"
        'interface name with a digit first' | "veth 'a' peer '0b'"                                                      | "1: interface name '0b' is not valid: use 1 to 15 of A-Z a-z 0-9 _ . -, starting with a letter"
        'interface name with a pattern' | "tap 'p%d'"                                                                   | "1: interface name 'p%d' is not valid: use 1 to 15 of A-Z a-z 0-9 _ . -, starting with a letter"
        'loopback declared'             | "veth 'lo' peer 'b'"                                                          | "1: 'lo' is the loopback device, which every namespace has: it cannot be declared or be an uplink"
        'namespace name with a slash'   | "namespace 'ns/1'"                                                            | "1: namespace name 'ns/1' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        'namespace name with a dash first' | "namespace('-ns') {\n}"                                                    | "1: namespace name '-ns' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        'undeclared netns'              | "veth 'a' peer 'b' netns 'ns2'"                                               | "1: namespace 'ns2' is not declared: add namespace 'ns2'"
        'undeclared netns of an uplink' | "uplink 'eth1' netns 'ns2'"                                                   | "1: namespace 'ns2' is not declared: add namespace 'ns2'"
        // duplicates
        'veth ends with one name'       | "veth 'a' peer 'a'"                                                           | "1: interface 'a' declared twice in the host (first at line 1)"
        'same name in merged blocks'    | "namespace('ns1') { veth 'eth0' peer 'h1' }\nnamespace('ns1') {\n  veth 'eth0' peer 'h2'\n}" | "3: interface 'eth0' declared twice in namespace 'ns1' (first at line 1)"
        'uplink named like a link'      | "veth 'eth0' peer 'b'\nuplink 'eth0'"                                         | "2: interface 'eth0' declared twice in the host (first at line 1)"
        'uplink twice'                  | "uplink 'eth0'\nnamespace('ns1') {\n  uplink 'eth0'\n}"                      | "3: uplink 'eth0' declared twice (first at line 1)"
        'duplicate address'             | "bridge 'br0' addr '10.0.0.1/24'\nnamespace('ns1') {\n  veth 'eth0' addr '10.0.0.1/24' peer 'h1'\n}" | "3: duplicate address 10.0.0.1/24 (first at line 1)"
        'duplicate IPv6 address'        | "bridge 'br0' addr 'fd00::1/64'\n\ntap 't0' addr 'fd00:0::1/120'"            | "3: duplicate address fd00::1/120 (first at line 1)"
        // masters
        'master not declared'           | "veth 'a' peer 'b' master 'br0'"                                              | "1: master 'br0' is not declared in the host: add bridge 'br0'"
        'master not a bridge'           | "veth 'a' peer 'b' master 'c'\nveth 'c' peer 'd'"                             | "1: master 'c' is a veth, not a bridge"
        'master is an uplink'           | "uplink 'eth0'\nveth 'a' master 'eth0' peer 'b'"                              | "2: master 'eth0' is an uplink, not a bridge"
        'bridge as a port of a bridge'  | "bridge 'br0'\nbridge 'br1' master 'br0'"                                     | "2: bridge 'br1' cannot be a port of bridge 'br0'"
        'more ports than a bridge takes' | "bridge 'br0'\n(1..1100).each { int i ->\n  namespace(\"h\$i\") { veth 'eth0' peer \"p\$i\" master 'br0' }\n}" | "3: bridge 'br0' would have 1100 ports; a Linux bridge takes at most 1023 (the kernel's BR_MAX_PORTS): spread the ports over several bridges, joined by a veth"
        'master in another namespace'   | "namespace('ns1') { bridge 'br0' }\nveth 'a' peer 'b' master 'br0'"           | "2: master 'br0' is a bridge in namespace 'ns1', not in the host: a port must be in the namespace of its bridge"
        'peer master in its namespace'  | "veth('a') { peer('b') { netns 'ns1'; master 'br0' } }\nnamespace 'ns1'\nbridge 'br0'" | "1: master 'br0' is a bridge in the host, not in namespace 'ns1': a port must be in the namespace of its bridge"
        'uplink master not declared'    | "uplink 'eth0' master 'br0'"                                                  | "1: master 'br0' is not declared in the host: add bridge 'br0'"
        // lower devices
        'macvlan parent not in its namespace' | "namespace('ns1') {\n  macvlan 'mv0' parent 'eth1'\n}"                  | "2: parent 'eth1' of macvlan 'mv0' is not an interface of namespace 'ns1': declare it there, or move it there with uplink 'eth1'"
        'macvlan on itself'             | "macvlan 'mv0' parent 'mv0'"                                                  | "1: macvlan 'mv0' cannot be its own parent"
        'vxlan dev not in its namespace' | "namespace('ns1') {\n  vxlan 'vx0' id 1 group '239.1.1.1' dev 'eth1'\n}"     | "2: dev 'eth1' of vxlan 'vx0' is not an interface of namespace 'ns1': declare it there, or move it there with uplink 'eth1'"
        // ranges and formats
        'mtu too small'                 | "veth 'a' mtu 40 peer 'b'"                                                    | "1: mtu 40 is out of range 68..65535"
        'mtu too large'                 | "veth 'a' peer 'b' mtu 70000"                                                 | "1: mtu 70000 is out of range 68..65535"
        'mtu too small for IPv6'        | "veth 'a' mtu 1000 addr 'fd00::1/64' peer 'b'"                                | "1: mtu 1000 is below 1280, the minimum for IPv6, but 'a' has IPv6 address fd00::1/64"
        'mac too short'                 | "veth 'a' mac '02:00:00:00:00' peer 'b'"                                      | "1: mac '02:00:00:00:00' is not valid: write six hex pairs like 02:00:00:00:00:01"
        'multicast mac'                 | "veth 'a' mac '01:00:5E:00:00:01' peer 'b'"                                   | "1: mac 01:00:5e:00:00:01 is a multicast address: the first byte must be even, like 02"
        'zero mac'                      | "tap 't0' mac '00:00:00:00:00:00'"                                            | "1: mac 00:00:00:00:00:00 cannot be an interface's address"
        'forward delay with stp'        | "bridge 'br0' stp true forwardDelay 1"                                        | "1: forwardDelay 1 is out of range 2..30 seconds when stp is on"
        'forward delay without stp'     | "bridge 'br0' forwardDelay 31"                                                | "1: forwardDelay 31 is out of range 0..30 seconds"
        'vni too large'                 | "vxlan 'vx0' id 16777216 remote '10.0.0.2'"                                   | "1: vxlan id 16777216 is out of range 0..16777215"
        'dstport zero'                  | "vxlan 'vx0' id 1 remote '10.0.0.2' dstport 0"                                | "1: dstport 0 is out of range 1..65535"
        'remote and group'              | "vxlan 'vx0' id 1 remote '10.0.0.2' group '239.1.1.1' dev 'eth0'"             | "1: vxlan 'vx0' has both remote and group: a tunnel has one or the other"
        'unicast group'                 | "vxlan 'vx0' id 1 group '10.0.0.1' dev 'eth0'"                                | "1: group 10.0.0.1 is not a multicast address"
        'multicast remote'              | "vxlan 'vx0' id 1 remote '239.1.1.1'"                                         | "1: remote 239.1.1.1 is a multicast address: write group '239.1.1.1' dev 'DEVICE'"
        'group without dev'             | "vxlan 'vx0' id 1 group 'ff05::1'"                                            | "1: vxlan 'vx0' joins group ff05::1 but has no dev: add dev 'DEVICE'"
        'mixed families'                | "vxlan 'vx0' id 1 local '10.0.0.1' remote 'fd00::2'"                          | "1: local 10.0.0.1 and remote fd00::2 are of different address families"
        // routes
        'gateway off every subnet'      | "namespace('ns1') {\n  veth 'eth0' addr '10.0.0.2/24' peer 'h1'\n  route 'default' via '10.1.0.1'\n}" | "3: gateway 10.1.0.1 is not in the subnet of any address in namespace 'ns1': add an address in that subnet"
        'gateway off its dev'           | "bridge 'br0' addr '10.0.0.1/24'\ntap 't0' addr '10.1.0.1/24'\nroute '10.8.0.0/16' via '10.1.0.254' dev 'br0'" | "3: gateway 10.1.0.254 is not in the subnet of any address of 'br0': add an address in that subnet"
        'route dev not declared'        | "namespace('ns1') {\n  route '10.8.0.0/16' dev 'eth0'\n}"                    | "2: route dev 'eth0': no interface 'eth0' in namespace 'ns1'"
        'route with host bits'          | "route '10.8.0.1/16' dev 'lo'"                                                | "1: route 10.8.0.1/16 has host bits set: write 10.8.0.0/16"
        'route mixing families'         | "route '10.8.0.0/16' via 'fd00::1'"                                           | "1: route 10.8.0.0/16 via fd00::1 mixes IPv4 and IPv6"
        'link-local gateway without dev' | "route 'default' via 'fe80::1'"                                              | "1: gateway fe80::1 is link-local: add dev 'DEVICE'"
        'route twice'                   | "bridge 'br0' addr '10.0.0.1/24'\nroute '10.8.0.0/16' via '10.0.0.2'\nroute '10.8.0.0/16' dev 'br0'" | "3: route 10.8.0.0/16 declared twice in the host (first at line 2)"
        // sysctls, processes, expectations
        'sysctl outside net'            | "sysctl 'kernel.pid_max', 4194304"                                            | "1: sysctl 'kernel.pid_max' is not per namespace: only net.* keys can be set in a lab"
        'sysctl with an empty part'     | "sysctl 'net..ipv4', 1"                                                       | "1: sysctl key 'net..ipv4' is not valid: write it like net.ipv4.ip_forward or net/ipv4/conf/eth0.1/forwarding"
        'sysctl climbing out of net'    | "sysctl 'net/../kernel/pid_max', 1"                                           | "1: sysctl key 'net/../kernel/pid_max' is not valid: write it like net.ipv4.ip_forward or net/ipv4/conf/eth0.1/forwarding"
        'sysctl with a newline'         | "sysctl 'net.ipv4.ip_forward', '1\\n0'"                                        | "1: sysctl 'net.ipv4.ip_forward' needs a value of one non-empty line"
        'sysctl twice'                  | "namespace('ns1') {\n  sysctl 'net.ipv4.ip_forward', 1\n  sysctl 'net/ipv4/ip_forward', 0\n}" | "3: sysctl 'net/ipv4/ip_forward' set twice in namespace 'ns1' (first at line 2)"
        'spawn without command'         | "spawn 'web'"                                                                 | "1: spawn 'web' has no command: write spawn 'web', 'PROGRAM', 'ARGUMENT'..."
        'spawn with an empty program'   | "spawn 'web', ''"                                                             | "1: spawn 'web' has no command: write spawn 'web', 'PROGRAM', 'ARGUMENT'..."
        'spawn name with a slash'       | "spawn '../web', '/bin/true'"                                                 | "1: spawn name '../web' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        'spawn twice'                   | "namespace('ns1') {\n  spawn 'web', 'a'\n  spawn 'web', 'b'\n}"             | "3: spawn 'web' declared twice in namespace 'ns1' (first at line 2)"
        'ping from undeclared'          | "ping 'ns9' to '10.0.0.1'"                                                    | "1: ping from namespace 'ns9', which is not declared: add namespace 'ns9'"
        'noPing from undeclared'        | "namespace 'ns1'\nnoPing 'ns2' to '10.0.0.1'"                                 | "2: noPing from namespace 'ns2', which is not declared: add namespace 'ns2'"
        // order
        'every problem, in file order'  | "route '10.8.0.0/16' via '10.0.0.1'\nveth 'a' mtu 1 peer 'b'"                | "1: gateway 10.0.0.1 is not in the subnet of any address in the host: add an address in that subnet\nx.netns.groovy:2: mtu 1 is out of range 68..65535"
    }

    def "every mistake of a script is listed, in file order, as a compiler lists them: #phase"() {
        when:
        runner.load('x.netns.groovy', script)

        then:
        def e = thrown(DslException)
        e.message == messages.collect { 'x.netns.groovy:' + it }.join('\n')
        e.problems().size() == messages.size()
        e.location().line() == e.problems()[0].location().line()

        where:
        phase << ['reading', 'resolving classes', 'running', 'running, up to an unknown word', 'completeness', 'validation']
        script << [
                "namespace 'h1' {\n}\nsysctl 'net.ipv4.ip_forward' 1\nping 'h1' '10.0.0.2'\nnew Brige()",
                "bridge 'br0'\nnew Brige()\nnew Vet()",
                "veth 'a' addr '10.0.0.300/24' peer 'b'\nlab 'x'\nlab 'y'\nmacvlan 'm' parent 'a' mode 'fast'\nveth('c') {\n  peer 'd'\n  mtu = 1400\n}",
                "veth 'a' addr '10.0.0.1' peer 'b'\nnamespace(null)\nbrige 'br0'\nbridge 'br1' addr 'x'",
                "veth 'a'\nroute 'default'\nping 'host'",
                "veth 'a' mtu 10 peer 'b'\nveth 'c' peer 'b'\nbridge 'br0' forwardDelay 99\nroute 'default' via '10.0.0.1'"]
        messages << [
                ["1: write namespace('h1') { ... }: a block after a bare argument is not passed to namespace; in parentheses it is",
                 "3: write sysctl 'net.ipv4.ip_forward', 1: a comma separates sysctl's arguments",
                 "4: write ping 'h1' to '10.0.0.2': the word to names the address"],
                ['2: unable to resolve class Brige', '3: unable to resolve class Vet'],
                ["1: addr '10.0.0.300' is not an IPv4 or IPv6 address",
                 '3: lab is named twice (first at line 2)',
                 "4: macvlan mode 'fast' is not one of private, vepa, bridge, passthru",
                 "7: 'mtu' in veth 'c' is a word, not a property: write mtu 1400"],
                ["1: addr '10.0.0.1' has no prefix length (write it as ADDRESS/LENGTH)",
                 '2: namespace needs a value, not null (System.getenv gives null for a variable that is not set)',
                 "3: unknown word 'brige' (did you mean 'bridge'?)"],
                ["1: veth 'a' has no peer: add peer 'NAME'",
                 "2: route 'default' needs a gateway or a device: add via 'GATEWAY' or dev 'DEVICE'",
                 "3: ping 'host' has no target: add to 'ADDRESS'"],
                ['1: mtu 10 is out of range 68..65535',
                 "2: interface 'b' declared twice in the host (first at line 1)",
                 '3: forwardDelay 99 is out of range 0..30 seconds',
                 '4: gateway 10.0.0.1 is not in the subnet of any address in the host: add an address in that subnet']]
    }

    def "at most 20 mistakes are listed, and how many more there are"() {
        when:
        runner.load('x.netns.groovy', (1..25).collect { "namespace('-n$it')" }.join('\n'))

        then:
        def e = thrown(DslException)
        e.problems().size() == 25
        e.message.readLines().size() == 21
        e.message.readLines()[0] == "x.netns.groovy:1: namespace name '-n1' is not valid: use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit"
        e.message.readLines()[19].startsWith("x.netns.groovy:20: namespace name '-n20'")
        e.message.readLines()[20] == 'x.netns.groovy: 5 more mistakes not shown (25 in all)'
    }

    def "a lab name derived from a bad file name asks for lab 'NAME'"() {
        when:
        runner.load('my lab.netns.groovy', "tap 't0'")

        then:
        def e = thrown(DslException)
        e.message == "my lab.netns.groovy:0: lab name 'my lab' (from the file name) is not valid: " +
                "use 1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit; name the lab with lab 'NAME'"
    }

    def "a script in a file is named by its path as given"() {
        given:
        def file = dir.resolve('seed.netns.groovy')
        Files.writeString(file, "bridge 'br0'\nveth 'a' peer 'b' master 'br1'\n")

        when:
        runner.load(file)

        then:
        def e = thrown(DslException)
        e.message == "$file:2: master 'br1' is not declared in the host: add bridge 'br1'"
        e.location().line() == 2
        e.problem() == "master 'br1' is not declared in the host: add bridge 'br1'"
    }

    def "a file is loaded into a topology named after it"() {
        given:
        def file = dir.resolve('seed.netns.groovy')
        Files.writeString(file, "bridge 'br0'\n")

        expect:
        runner.load(file).labName() == 'seed'
        runner.load(file).file() == file.toString()
    }

    def "the same text under another name compiles once but reports under its own name"() {
        given:
        def text = "bridge 'br0'\nbridge 'br0'"

        when:
        runner.load('one.netns.groovy', text)

        then:
        def first = thrown(DslException)
        first.message == "one.netns.groovy:2: interface 'br0' declared twice in the host (first at line 1)"

        when:
        runner.load('two.netns.groovy', text)

        then:
        def second = thrown(DslException)
        second.message == "two.netns.groovy:2: interface 'br0' declared twice in the host (first at line 1)"
    }

    def "evaluating a script twice gives two equal topologies, not one that grew"() {
        given:
        def text = "namespace('ns1') { veth 'a' peer 'b' }"

        expect:
        runner.load('x.netns.groovy', text) == runner.load('x.netns.groovy', text)
        runner.load('x.netns.groovy', text).links().size() == 1
    }
}
