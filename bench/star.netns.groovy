// star N: the benchmark topology of ../shared/bench-peers, in nslab's DSL.
// One bridge pbbr0 in the host; for i in 1..N a namespace pbI holding veth pbpI
// (10.200.x.y/16, up) whose peer pbvI stays in the host, enslaved to pbbr0.
// Same names as the peers, so ../shared/bench-peers/verify.sh N checks it.
// N comes from the environment: STAR_N=500 ./nslab up bench/star.netns.groovy
int n = (System.getenv('STAR_N') ?: '10') as int

bridge 'pbbr0'

(1..n).each { int i ->
    namespace("pb$i") {
        veth "pbp$i" addr "10.200.${i.intdiv(250)}.${i % 250 + 1}/16" peer "pbv$i" master 'pbbr0'
    }
}
