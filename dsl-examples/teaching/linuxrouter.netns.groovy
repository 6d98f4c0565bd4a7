// Mininet's linuxrouter.py as an nslab lab: one Linux router, r0, joins three subnets, each a
// switch with one host behind it. The router is a namespace with forwarding on; each switch is a
// bridge inside a namespace of its own; each host's default route points at the router.
//   nslab up dsl-examples/teaching/linuxrouter.netns.groovy
//   nslab exec h1 -- ping -c 1 10.0.0.100      (h1 reaches h3 through r0)
//   nslab exec r0 -- ip route                  (the router knows every subnet: they are its own)
lab 'linuxrouter'

// subnet, switch, host, the router's address, the host's address: Mininet's own numbers
def subnets = [
        [switch: 's1', host: 'h1', router: '192.168.1.1/24', address: '192.168.1.100/24'],
        [switch: 's2', host: 'h2', router: '172.16.0.1/12', address: '172.16.0.100/12'],
        [switch: 's3', host: 'h3', router: '10.0.0.1/8', address: '10.0.0.100/8'],
]

namespace('r0') {
    sysctl 'net.ipv4.ip_forward', 1
}

subnets.eachWithIndex { s, i ->
    namespace(s.switch) {
        bridge s.switch
    }
    namespace('r0') {
        veth "r0-eth${i + 1}" addr s.router peer "${s.switch}-eth1" netns s.switch master s.switch
    }
    namespace(s.host) {
        veth "${s.host}-eth0" addr s.address peer "${s.switch}-eth2" netns s.switch master s.switch
        route 'default' via s.router.split('/')[0]
    }
}

ping 'h1' to '172.16.0.100'
ping 'h1' to '10.0.0.100'
ping 'h2' to '10.0.0.100'
ping 'h3' to '192.168.1.100'
