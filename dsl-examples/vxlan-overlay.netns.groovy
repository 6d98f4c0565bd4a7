// Two namespaces joined by a veth underlay, with a VXLAN overlay on top of it.
namespace('a') {
    veth 'under' addr '192.0.2.1/24' peer 'under' netns 'b' addr '192.0.2.2/24'
    vxlan('vx42') {
        id 42
        local '192.0.2.1'
        remote '192.0.2.2'
        dstport 4789
        dev 'under'
        addr '10.42.0.1/24'
    }
}
namespace('b') {
    vxlan 'vx42' id 42 local '192.0.2.2' remote '192.0.2.1' dstport 4789 dev 'under' addr '10.42.0.2/24'
}
ping 'a' to '10.42.0.2'
noPing 'host' to '10.42.0.2'
