// One namespace behind a host bridge, dual stack, with routes, forwarding on,
// a web server, and the checks that it is reachable.
bridge 'br0' addr '10.0.0.1/24' addr 'fd00::1/64'

namespace('ns1') {
    veth 'eth0' addr '10.0.0.2/24' addr 'fd00::2/64' peer 'h1-eth0' master 'br0'
    route 'default' via '10.0.0.1'
    route '10.9.0.0/16' via '10.0.0.254'
    route '10.8.0.0/16' dev 'eth0'
    route 'default' via 'fd00::1'
    sysctl 'net.ipv4.ip_forward', 1
    spawn 'web', '/usr/bin/python3', '-m', 'http.server', '8080'
}

namespace 'isolated'

ping 'ns1' to '10.0.0.1'
ping 'host' to 'fd00::2'
noPing 'isolated' to '10.0.0.1'
