// A router between two subnets: r forwards between 10.1.0.0/24 and 10.2.0.0/24.
namespace('left') {
    veth 'eth0' addr '10.1.0.2/24' peer 'left' netns 'r' addr '10.1.0.1/24'
    route 'default' via '10.1.0.1'
}
namespace('right') {
    veth 'eth0' addr '10.2.0.2/24' peer 'right' netns 'r' addr '10.2.0.1/24'
    route 'default' via '10.2.0.1'
}
namespace('r') {
    sysctl 'net.ipv4.ip_forward', 1
}
ping 'left' to '10.2.0.2'
noPing 'host' to '10.2.0.2'
