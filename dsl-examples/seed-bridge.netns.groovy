// The seed article's Listing 8 and the steps after it: a bridge in the host that
// takes over eth0's address, with eth0 and a veth to ns1 as its ports.
// eth0 is a host device: run with --allow-host-devices, or in a sandbox.
bridge 'br0' addr '192.168.56.130/24'
uplink 'eth0' master 'br0'
namespace('ns1') {
    veth 'veth2' addr '192.168.56.131/24' peer 'veth1' master 'br0'
}
