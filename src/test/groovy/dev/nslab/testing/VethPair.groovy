package dev.nslab.testing

/**
 * Two namespaces joined by a veth, made and removed with ip (the independent actor): NS_A holds
 * IF_A with 10.9.0.1/24 and fd09::1/64, NS_B holds IF_B with 10.9.0.2/24 and fd09::2/64 (nodad).
 */
class VethPair {
    final String nsA
    final String nsB
    final String ifA = 'va'
    final String ifB = 'vb'

    VethPair(String nsA, String nsB) {
        this.nsA = nsA
        this.nsB = nsB
        Ip.run(['ip', 'netns', 'add', nsA])
        Ip.run(['ip', 'netns', 'add', nsB])
        Ip.run(['ip', '-n', nsA, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB])
        [(nsA): [ifA, '1'], (nsB): [ifB, '2']].each { ns, v ->
            Ip.run(['ip', '-n', ns, 'addr', 'add', "10.9.0.${v[1]}/24".toString(), 'dev', v[0]])
            Ip.run(['ip', '-n', ns, 'addr', 'add', "fd09::${v[1]}/64".toString(), 'dev', v[0], 'nodad'])
            Ip.run(['ip', '-n', ns, 'link', 'set', v[0], 'up'])
            Ip.run(['ip', '-n', ns, 'link', 'set', 'lo', 'up'])
        }
        // IPv6 sends only once linkwatch has set operstate UP (up to a second after the link is up)
        assert Procs.eventually(5000) { Ip.link(nsA, ifA).operstate == 'UP' && Ip.link(nsB, ifB).operstate == 'UP' }
    }

    /** Runs a command inside {@code ns} ({@code ip netns exec}) and returns its output; fails on a non-zero exit. */
    static String inside(String ns, String... command) {
        Ip.run(['ip', 'netns', 'exec', ns] + (command as List))
    }

    void delete() {
        [nsA, nsB].each { Ip.status(['ip', 'netns', 'del', it]) }
    }
}
