// Plain Groovy: fifty hosts (or -P hosts=N) around one bridge, built by a function in a loop.
lab 'star'

def hosts = param('hosts', 50) // nslab up -P hosts=200 dsl-examples/star.netns.groovy
bridge 'br0' addr '10.0.0.1/16'

def host(int n) {
    def name = "h$n"
    int a = n + 1 // host n is 10.0.0.(n+1): 10.0.0.1 is the bridge; past 10.0.0.255 comes 10.0.1.0
    namespace(name) {
        veth 'eth0' addr "10.0.${a.intdiv(256)}.${a % 256}/16" peer "$name-eth0" master 'br0'
        route 'default' via '10.0.0.1'
    }
}

(1..hosts).each { host(it) }

ping 'h1' to '10.0.0.1'
ping 'h50' to '10.0.0.2'
