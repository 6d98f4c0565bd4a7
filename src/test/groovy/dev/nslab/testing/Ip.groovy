package dev.nslab.testing

import groovy.json.JsonSlurper

/**
 * The independent witness: iproute2's own view of the kernel, as JSON. Specs assert against
 * this, never against what nslab believes it did.
 */
class Ip {
    /** Runs {@code ip -j [-n NS] ARGS...} and parses its JSON output. */
    static List<Map> json(String ns, String... args) {
        def cmd = ['ip', '-j'] + (ns ? ['-n', ns] : []) + (args as List)
        def text = run(cmd)
        text.trim() ? new JsonSlurper().parseText(text) as List<Map> : []
    }

    static List<Map> links(String ns = null) {
        json(ns, 'link', 'show')
    }

    static Map link(String ns, String name) {
        links(ns).find { it.ifname == name }
    }

    static List<String> linkNames(String ns = null) {
        links(ns)*.ifname
    }

    /** Every address of a namespace as "dev addr/len" strings. */
    static List<String> addresses(String ns = null) {
        json(ns, 'addr', 'show').collectMany { l -> l.addr_info.collect { "${l.ifname} ${it.local}/${it.prefixlen}".toString() } }
    }

    static List<Map> routes(String ns = null, String family = '-4') {
        def cmd = ['ip', '-j', family] + (ns ? ['-n', ns] : []) + ['route', 'show']
        def text = run(cmd)
        text.trim() ? new JsonSlurper().parseText(text) as List<Map> : []
    }

    static List<String> netns() {
        def out = run(['ip', 'netns', 'list'])
        out.readLines().collect { it.split(' ')[0] }.findAll()
    }

    /** Runs a command, returns stdout; fails the spec with stderr when it exits non-zero. */
    static String run(List<String> cmd) {
        def p = new ProcessBuilder(cmd).redirectErrorStream(false).start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        int rc = p.exitValue()
        if (rc != 0) {
            throw new IllegalStateException("${cmd.join(' ')} exited $rc: $err")
        }
        out.toString()
    }

    /** Runs a command and returns its exit status (output discarded). */
    static int status(List<String> cmd) {
        def p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        p.inputStream.text
        p.waitFor()
    }

    /** The nsfs mounts in this process's mount table, e.g. for residue checks. */
    static List<String> nsfsMounts() {
        new File('/proc/self/mountinfo').readLines().findAll { it.contains(' - nsfs ') }
    }

    /** The network namespace (inode link text) of every thread of this JVM. */
    static Map<String, String> threadNamespaces() {
        new File('/proc/self/task').listFiles().collectEntries { t ->
            try {
                [(t.name): java.nio.file.Files.readSymbolicLink(new File(t, 'ns/net').toPath()).toString()]
            } catch (java.nio.file.NoSuchFileException ended) {
                [:]   // a thread that ended while we looked
            }
        }
    }
}
