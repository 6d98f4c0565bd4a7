// A star: one bridge in the host, and a host namespace per port, built by a loop.
int hosts = (System.getenv('STAR_N') ?: '8') as int
bridge 'star0' addr '10.50.0.1/16'
for (int i = 1; i <= hosts; i++) {
    namespace("s$i") {
        veth 'eth0' addr "10.50.${i.intdiv(250)}.${i % 250 + 1}/16" peer "star-p$i" master 'star0'
    }
}
ping 's1' to '10.50.0.1'
