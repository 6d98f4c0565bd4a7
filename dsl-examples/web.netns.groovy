// A web server, a client that reaches it, and an outsider that must not.
// Try: nslab up dsl-examples/web.netns.groovy
//      nslab exec client -- python3 -c 'import urllib.request; print(urllib.request.urlopen("http://srv:8080/").status)'
lab 'web'
namespace('srv') {
    veth 'eth0' addr '10.0.0.2/24' addr 'fd00::2/64' peer 'eth0' netns 'client' addr '10.0.0.1/24' addr 'fd00::1/64'
    veth 'eth1' addr '10.9.0.2/24' peer 'eth0' netns 'outsider' addr '10.9.0.3/24'
    // up goes on once the server listens (at most 10 s: within '30s' to wait longer)
    spawn 'web', 'python3', '-m', 'http.server', '--bind', '10.0.0.2', '8080' ready 'tcp:8080'
}
namespace('client')
namespace('outsider')

ping 'client' to '10.0.0.2'
connect 'client' to '10.0.0.2:8080'       // accepted
noConnect 'client' to '[fd00::2]:8080'    // the server listens on 10.0.0.2 only: refused
noConnect 'outsider' to '10.9.0.2:8080'   // srv's other side: nothing listens there, refused
noConnect 'outsider' to '10.0.0.2:8080'   // no route from the outsider to the client's network
