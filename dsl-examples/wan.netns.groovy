// Two sites joined by a WAN: each site's host sits behind its router, and the routers' link is
// shaped like a 20 Mbit/s line in both directions (a tbf on each end: any kernel has it).
// On a kernel with sch_netem, add the line's delay: nslab up -P delay=40ms wan.netns.groovy
// (each end delays what it sends, so a round trip takes twice that). docs/shaping.md
lab 'wan'
def wanDelay = param('delay', '')

namespace('siteA') {
    veth 'eth0' addr '10.1.0.2/24' peer 'lan' netns 'ra' addr '10.1.0.1/24'
    route 'default' via '10.1.0.1'
}
namespace('siteB') {
    veth 'eth0' addr '10.2.0.2/24' peer 'lan' netns 'rb' addr '10.2.0.1/24'
    route 'default' via '10.2.0.1'
}
namespace('ra') {
    veth('wan') {
        addr '192.0.2.1/30'
        rate '20mbit'
        if (wanDelay) delay wanDelay
        peer('wan') {
            netns 'rb'
            addr '192.0.2.2/30'
            rate '20mbit'
            if (wanDelay) delay wanDelay
        }
    }
    route '10.2.0.0/24' via '192.0.2.2'
    sysctl 'net.ipv4.ip_forward', 1
}
namespace('rb') {
    route '10.1.0.0/24' via '192.0.2.1'
    sysctl 'net.ipv4.ip_forward', 1
}
ping 'siteA' to '10.2.0.2'
ping 'siteB' to '10.1.0.2'
noPing 'host' to '10.2.0.2'
