package dev.nslab.cli

import dev.nslab.check.CheckSpec
import spock.lang.Specification

/** plan --explain reads as a lesson: each ip command, then what it does and why. */
class PlanExplainSpec extends Specification {
    def "the two-hosts example, explained"() {
        when:
        def (rc, text) = CheckSpec.run('plan', '--explain', 'dsl-examples/two-hosts.netns.groovy')

        then:
        rc == 0
        text == '''\
netns add h1
    # dsl-examples/two-hosts.netns.groovy:3: creates network namespace h1: a host of its own, with its own links, addresses, routes and firewall, and at first only a loopback device, down
netns add h2
    # dsl-examples/two-hosts.netns.groovy:6: creates network namespace h2: a host of its own, with its own links, addresses, routes and firewall, and at first only a loopback device, down
link add eth0 netns h1 type veth peer name eth0 netns h2
    # dsl-examples/two-hosts.netns.groovy:4: creates a virtual cable: two linked ends, eth0 in namespace 'h1' and eth0 in namespace 'h2'; each end is made directly where it lives, so it never has to be moved
netns exec h1 ip link set lo up
    # dsl-examples/two-hosts.netns.groovy:3: brings up loopback: without it, even 127.0.0.1 is unreachable inside the namespace
netns exec h2 ip link set lo up
    # dsl-examples/two-hosts.netns.groovy:6: brings up loopback: without it, even 127.0.0.1 is unreachable inside the namespace
netns exec h1 ip link set eth0 up
    # dsl-examples/two-hosts.netns.groovy:4: brings eth0 up: a veth end passes traffic only when both ends are up, so eth0 in namespace 'h2' must be up too (the article's "veth2 seemed down" was a peer left down)
netns exec h2 ip link set eth0 up
    # dsl-examples/two-hosts.netns.groovy:4: brings eth0 up: a veth end passes traffic only when both ends are up, so eth0 in namespace 'h1' must be up too (the article's "veth2 seemed down" was a peer left down)
netns exec h1 ip addr add 10.0.0.1/24 dev eth0
    # dsl-examples/two-hosts.netns.groovy:4: gives eth0 the address 10.0.0.1/24; the kernel adds the route to the 10.0.0.0/24 subnet by itself
netns exec h1 ip addr add fd00::1/64 dev eth0 nodad
    # dsl-examples/two-hosts.netns.groovy:4: gives eth0 the address fd00::1/64; the kernel adds the route to the fd00::/64 subnet by itself; nodad skips duplicate address detection, which would leave the address unusable (tentative) for about 2 s
netns exec h2 ip addr add 10.0.0.2/24 dev eth0
    # dsl-examples/two-hosts.netns.groovy:4: gives eth0 the address 10.0.0.2/24; the kernel adds the route to the 10.0.0.0/24 subnet by itself
netns exec h2 ip addr add fd00::2/64 dev eth0 nodad
    # dsl-examples/two-hosts.netns.groovy:4: gives eth0 the address fd00::2/64; the kernel adds the route to the fd00::/64 subnet by itself; nodad skips duplicate address detection, which would leave the address unusable (tentative) for about 2 s
# 11 changes for lab two-hosts
'''
    }

    def "a bridge, a port and a gateway are explained too"() {
        when:
        def text = CheckSpec.run('plan', '--explain', 'dsl-examples/routed.netns.groovy')[1]

        then:
        text.contains('link add br0 type bridge stp_state 0\n    # dsl-examples/routed.netns.groovy:3: creates bridge br0, a software switch that forwards frames between its ports; STP is off (the kernel\'s default), so ports forward at once\n')
        text.contains('link set br0 up\n    # dsl-examples/routed.netns.groovy:3: brings bridge br0 up: a bridge switches frames only when up, and has carrier once a port is up\n')
        text.contains("link set h1-eth0 master br0\n    # dsl-examples/routed.netns.groovy:6: plugs h1-eth0 into bridge br0 as a port: frames arriving on it are switched to the bridge's other ports and to br0's own address\n")
        text.contains('netns exec ns1 ip route replace default via fd00::1 proto 78\n    # dsl-examples/routed.netns.groovy:10: sends traffic for every destination without a better route (default) to the gateway fd00::1, which must be on one of this namespace\'s links and forward it on\n')
    }
}
