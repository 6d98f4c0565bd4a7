// star N: the benchmark topology of ../shared/bench-peers, in nslab's DSL.
// One bridge pbbr0 in the host; for i in 1..N a namespace pbI holding veth pbpI
// (10.200.x.y/16, up) whose peer pbvI stays in the host, enslaved to pbbr0.
// Same names as the peers, so ../shared/bench-peers/verify.sh N checks it.
// N comes from the environment: STAR_N=500 ./nslab up bench/star.netns.groovy
//
// A Linux bridge takes at most 1023 ports, so from N = 1001 on the hosts are spread over
// bridges of 1000 (pbbr0, pbbr1, ...), chained into one segment by veths pbjK/pbkK. No peer
// can build that; verify.sh (one bridge) does not apply, bench/run checks it itself.
// STAR_RATE=10mbit puts a rate on every host's end pbpI (a tbf each): bench/shaping.
int n = (System.getenv('STAR_N') ?: '10') as int
String starRate = System.getenv('STAR_RATE')
// The peers' addresses, 10.200.(i/250).(i%250+1), stay in 10.200.0.0/16 up to i = 63999.
if (n < 1 || n > 63999) {
    throw new IllegalArgumentException("STAR_N=$n: give 1 to 63999 (the peers' addresses end at 10.200.255.250)")
}
int perBridge = 1000
int bridges = (n + perBridge - 1).intdiv(perBridge) ?: 1

(0..<bridges).each { int b ->
    bridge "pbbr$b"
    if (b > 0) {
        veth("pbj$b") { master "pbbr${b - 1}"; peer("pbk$b") { master "pbbr$b" } }
    }
}

(1..n).each { int i ->
    namespace("pb$i") {
        // One chain per host, the form of the figures before STAR_RATE came (bench/README.md
        // compares with them): a block per end is 20-70 ms more of a cold run's script.
        def host = veth "pbp$i" addr "10.200.${i.intdiv(250)}.${i % 250 + 1}/16"
        if (starRate) host.rate starRate
        host.peer "pbv$i" master "pbbr${(i - 1).intdiv(perBridge)}"
    }
}
