package dev.nslab.api

import dev.nslab.testing.Residue
import spock.lang.Specification

import java.lang.management.ManagementFactory
import java.nio.file.Files

/**
 * 500 up/down cycles of a 10-namespace lab in one JVM, through the library API: nothing grows.
 * Measured after a warm-up (class loading, JIT, pools): the JVM's open fds (by kind, and in
 * all), its threads, its heap after GC, its loaded classes; and the kernel's count of network
 * namespaces ({@code net_namespace} objects in /proc/slabinfo, which other processes on the
 * machine may move a little, hence a margin far below the 5000 a leak would add).
 * {@code -Dnslab.endurance.cycles=N} changes the count.
 */
class EnduranceSpec extends Specification {
    static final int CYCLES = Integer.getInteger('nslab.endurance.cycles', 500)
    static final int WARM_UP = 20

    def "500 up/down cycles of a 10-namespace lab leave fds, threads, heap and the kernel's namespaces as they were"() {
        given:
        def file = Files.createTempFile('endurance', '.netns.groovy')
        Files.writeString(file, "bridge 'ebr0' addr '10.85.0.1/24'\n" + (1..10).collect { i ->
            "namespace('e$i') { veth 'eth0' addr '10.85.0.${i + 1}/24' peer 'e$i-p' master 'ebr0'; route 'default' via '10.85.0.1' }"
        }.join('\n') + '\n')
        WARM_UP.times { Nslab.up(file).close() }
        def before = measure()

        when:
        long t0 = System.nanoTime()
        CYCLES.times { Nslab.up(file).close() }
        double perCycleMillis = (System.nanoTime() - t0) / 1e6 / CYCLES
        def after = settle(before)
        println "endurance: ${CYCLES} cycles, ${String.format('%.1f', perCycleMillis)} ms per up+down of 10 namespaces; before $before; after $after"

        then:
        after.fdKinds == before.fdKinds
        after.fds <= before.fds + 2
        after.threads <= before.threads + 2
        after.heapMiB <= before.heapMiB + 16
        after.classes <= before.classes + 200
        after.kernelNamespaces <= before.kernelNamespaces + 20

        cleanup:
        Files.deleteIfExists(file)
    }

    /** Measures again until the kernel has destroyed the last namespaces (asynchronous), up to 20 s. */
    private static Map settle(Map before) {
        long deadline = System.currentTimeMillis() + 20_000
        Map now = measure()
        while (now.kernelNamespaces > before.kernelNamespaces + 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200)
            now = measure()
        }
        now
    }

    private static Map measure() {
        3.times { System.gc(); Thread.sleep(50) }
        [fds             : new File('/proc/self/fd').list().length,
         fdKinds         : Residue.fds(),
         threads         : new File('/proc/self/task').list().length,
         heapMiB         : ManagementFactory.memoryMXBean.heapMemoryUsage.used.intdiv(1024 * 1024),
         classes         : ManagementFactory.classLoadingMXBean.loadedClassCount,
         kernelNamespaces: kernelNamespaces()]
    }

    /** Active net_namespace objects in the kernel's slab (every network namespace on the machine). */
    static int kernelNamespaces() {
        def line = new File('/proc/slabinfo').readLines().find { it.startsWith('net_namespace ') }
        line.split(/\s+/)[1] as int
    }
}
