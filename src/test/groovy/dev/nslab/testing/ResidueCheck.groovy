package dev.nslab.testing

import org.spockframework.runtime.extension.IGlobalExtension
import org.spockframework.runtime.model.SpecInfo

import java.util.concurrent.atomic.AtomicInteger

/**
 * The residue check, on every spec of the suite (a Spock global extension, registered in
 * {@code META-INF/services}): a {@link Residue} snapshot before the spec's first line
 * (before setupSpec and any fixture) and after its last (after cleanupSpec); any difference
 * fails the spec, listing what was left behind and what is gone.
 * <p>
 * Some residue goes away by itself shortly after the step that caused it: the kernel destroys
 * a namespace and its veths asynchronously, and the JVM closes a dropped Process's pipes when
 * it collects it. So the second snapshot is retried (after a GC) for up to
 * {@value #SETTLE_MILLIS} ms before the spec fails. Specs run inside another spec
 * ({@code EmbeddedSpecRunner}) are covered by the outer one's check.
 * <p>
 * Only inside the sandbox's throwaway world ({@code NSLAB_TEST_WORLD} set): on a plain JVM
 * ({@code -Pplain-jvm}) the specs that run touch no kernel state, and "the host" would be the
 * real machine, which other programs change at any time.
 */
class ResidueCheck implements IGlobalExtension {
    static final long SETTLE_MILLIS = 5_000
    /** How many checked specs are running now, one inside another; only the outermost checks. */
    static final AtomicInteger DEPTH = new AtomicInteger()

    @Override
    void visitSpec(SpecInfo spec) {
        if (Residue.WORLD == null) {
            return
        }
        spec.addInterceptor { invocation ->
            if (DEPTH.getAndIncrement() > 0) {
                try {
                    invocation.proceed()
                } finally {
                    DEPTH.decrementAndGet()
                }
                return
            }
            Residue before
            Throwable failure = null
            try {
                before = Residue.take()
                invocation.proceed()
            } catch (Throwable t) {
                failure = t
            } finally {
                DEPTH.decrementAndGet()
            }
            if (before != null) {
                List<String> differences = settle(before)
                if (!differences.isEmpty()) {
                    def residue = new AssertionError("${spec.name} left residue (the host must end as it began):\n  "
                            + differences.join('\n  '))
                    if (failure == null) {
                        throw residue
                    }
                    failure.addSuppressed(residue)
                }
            }
            if (failure != null) {
                throw failure
            }
        }
    }

    /** The differences that remain after waiting up to SETTLE_MILLIS for asynchronous teardown. */
    static List<String> settle(Residue before) {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS
        while (true) {
            System.gc()
            List<String> d = before.differencesTo(Residue.take())
            if (d.isEmpty() || System.currentTimeMillis() > deadline) {
                return d
            }
            Thread.sleep(100)
        }
    }
}
