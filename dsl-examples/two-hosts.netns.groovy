// Two hosts joined by a virtual cable: the smallest useful lab.
// nslab up dsl-examples/two-hosts.netns.groovy; nslab exec h1 -- ping 10.0.0.2
namespace('h1') {
    veth 'eth0' addr '10.0.0.1/24' addr 'fd00::1/64' peer 'eth0' netns 'h2' addr '10.0.0.2/24' addr 'fd00::2/64'
}
namespace('h2')
ping 'h1' to '10.0.0.2'
