// Exercise: find the mistake. The same chain as chain.netns.groovy (h1 - r1 - r2 - h2), but one
// line is wrong, so h1 cannot reach h2. Bring it up, read what `check` says, ask `doctor`, look
// with `nslab exec`, and fix the script until `nslab check` passes.
//   nslab up dsl-examples/teaching/broken.netns.groovy        (up works; the expectations fail)
//   nslab doctor dsl-examples/teaching/broken.netns.groovy
//   nslab exec r2 -- ip route
lab 'broken'

namespace('h1') {
    veth 'eth0' addr '10.0.1.2/24' peer 'eth0' netns 'r1' addr '10.0.1.1/24'
    route 'default' via '10.0.1.1'
}
namespace('r1') {
    veth 'eth1' addr '10.0.12.1/24' peer 'eth1' netns 'r2' addr '10.0.12.2/24'
    route '10.0.2.0/24' via '10.0.12.2'
    sysctl 'net.ipv4.ip_forward', 1
}
namespace('r2') {
    veth 'eth0' addr '10.0.2.1/24' peer 'eth0' netns 'h2' addr '10.0.2.2/24'
    route '10.0.3.0/24' via '10.0.12.1'
    sysctl 'net.ipv4.ip_forward', 1
}
namespace('h2') {
    route 'default' via '10.0.2.1'
}

ping 'h1' to '10.0.2.2'
ping 'h2' to '10.0.1.2'
