// A chain of two routers with static routes: h1 - r1 - r2 - h2. Each router knows its own two
// subnets; for the subnet behind the other router it needs a static route. The hosts need only
// a default route to their router.
//   nslab up dsl-examples/teaching/chain.netns.groovy
//   nslab exec h1 -- ping -c 1 -t 2 10.0.2.2   (TTL 2: r2, the second hop, says "Time to live exceeded")
//   nslab graph dsl-examples/teaching/chain.netns.groovy -o chain.svg
lab 'chain'

namespace('h1') {
    veth 'eth0' addr '10.0.1.2/24' peer 'eth0' netns 'r1' addr '10.0.1.1/24'
    route 'default' via '10.0.1.1'
}
namespace('r1') {
    veth 'eth1' addr '10.0.12.1/24' peer 'eth1' netns 'r2' addr '10.0.12.2/24'
    route '10.0.2.0/24' via '10.0.12.2'      // h2's subnet, behind r2
    sysctl 'net.ipv4.ip_forward', 1
}
namespace('r2') {
    veth 'eth0' addr '10.0.2.1/24' peer 'eth0' netns 'h2' addr '10.0.2.2/24'
    route '10.0.1.0/24' via '10.0.12.1'      // h1's subnet, behind r1
    sysctl 'net.ipv4.ip_forward', 1
}
namespace('h2') {
    route 'default' via '10.0.2.1'
}

ping 'h1' to '10.0.2.2'
ping 'h2' to '10.0.1.2'
ping 'h1' to '10.0.12.2'
