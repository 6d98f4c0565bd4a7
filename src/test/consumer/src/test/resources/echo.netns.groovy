namespace('server') {
    veth 'eth0' addr '10.0.0.1/24' peer 'eth0' netns 'client' addr '10.0.0.2/24'
}
namespace('client')
ping 'client' to '10.0.0.1'
