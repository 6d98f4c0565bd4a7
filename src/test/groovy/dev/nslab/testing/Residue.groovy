package dev.nslab.testing

import groovy.json.JsonSlurper

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Everything a spec could leave behind in its world, read with independent tools (iproute2's
 * {@code ip -j}, /proc, the file system), never with nslab's own code:
 * <ul>
 *   <li>the host's (the test JVM's namespace's) links with kind, admin state and master; its
 *       addresses; its routes of every table, IPv4 and IPv6;</li>
 *   <li>the files under {@code /run/netns} and {@code /run/nslab};</li>
 *   <li>nsfs mounts in this mount namespace ({@code /proc/self/mountinfo}) and in the mount
 *       table of every process of this test run;</li>
 *   <li>processes of this test run that are still alive: any process whose environment carries
 *       {@code NSLAB_TEST_WORLD} of this run (the sandbox sets it before it starts the JVM, every
 *       child inherits it), wherever it lives now: in a lab namespace, an anonymous one, reparented
 *       to init;</li>
 *   <li>threads of this JVM that are in another network namespace than its main thread;</li>
 *   <li>the JVM's open file descriptors that can hold kernel objects: sockets (netlink), nsfs
 *       fds, pidfds, pipes, and files under /run.</li>
 * </ul>
 * Each fact is one line; two snapshots differ by lines.
 */
class Residue {
    static final String WORLD = System.getenv('NSLAB_TEST_WORLD')

    final SortedSet<String> facts

    private Residue(SortedSet<String> facts) {
        this.facts = facts
    }

    static Residue take(Set<Long> ignoredPids = [] as Set) {
        SortedSet<String> f = new TreeSet<>()
        Ip.json(null, '-d', 'link', 'show').each { l ->
            def kind = l.linkinfo?.info_kind ?: l.link_type
            f << "link ${l.ifname} ${kind} ${l.flags?.contains('UP') ? 'up' : 'down'}${l.master ? ' master ' + l.master : ''} mtu ${l.mtu}".toString()
        }
        Ip.addresses(null).each { f << "addr $it".toString() }
        ['-4', '-6'].each { fam ->
            def text = Ip.run(['ip', '-j', fam, 'route', 'show', 'table', 'all'])
            (text.trim() ? new JsonSlurper().parseText(text) as List<Map> : []).each { r ->
                f << "route ${fam} ${r.type ?: 'unicast'} ${r.dst}${r.gateway ? ' via ' + r.gateway : ''}${r.dev ? ' dev ' + r.dev : ''} table ${r.table ?: 'main'}".toString()
            }
        }
        files('/run/netns').each { f << "file $it".toString() }
        files('/run/nslab').each { f << "file $it".toString() }
        new File('/proc/self/mountinfo').readLines().findAll { it.contains(' - nsfs ') }.each {
            f << "nsfs mount ${it.split(' ')[4]}".toString()
        }
        worldProcesses(ignoredPids).each { pid, cmd ->
            f << "process $pid $cmd".toString()
            try {
                new File("/proc/$pid/mountinfo").readLines().findAll { it.contains(' - nsfs ') }.each {
                    f << "nsfs mount ${it.split(' ')[4]} (in the mount table of process $pid)".toString()
                }
            } catch (IOException gone) {
                // it ended while we looked
            }
        }
        String home = link('/proc/self/ns/net')
        new File('/proc/self/task').listFiles().each { t ->
            String ns = link("${t}/ns/net")
            if (ns != null && ns != home) {
                f << "thread ${threadName(t)} in ${ns}".toString()
            }
        }
        fds().each { f << "fd $it".toString() }
        new Residue(f)
    }

    /** What {@code later} has that this has not, and the reverse. */
    List<String> differencesTo(Residue later) {
        (later.facts - facts).collect { "left behind: $it".toString() } + (facts - later.facts).collect { "gone: $it".toString() }
    }

    private static List<String> files(String dir) {
        Path root = Paths.get(dir)
        if (!Files.isDirectory(root)) {
            return []
        }
        def out = []
        Files.walk(root).withCloseable { s ->
            s.filter { it != root }.each { out << it.toString() }
        }
        out.sort()
    }

    /** The processes of this test run (by its marker in their environment), but this JVM and its own threads. */
    static Map<Long, String> worldProcesses(Set<Long> ignoredPids = [] as Set) {
        Map<Long, String> out = new TreeMap<>()
        if (WORLD == null) {
            return out
        }
        long self = ProcessHandle.current().pid()
        byte[] marker = "NSLAB_TEST_WORLD=${WORLD}\u0000".getBytes('UTF-8')
        new File('/proc').listFiles().findAll { it.name ==~ /\d+/ }.each { p ->
            long pid = p.name as long
            if (pid == self || pid in ignoredPids) {
                return
            }
            try {
                byte[] env = Files.readAllBytes(p.toPath().resolve('environ'))
                if (indexOf(env, marker) >= 0 && !isZombieOrAncestor(pid)) {
                    out[pid] = new String(Files.readAllBytes(p.toPath().resolve('cmdline')), 'UTF-8').replace('\u0000', ' ').trim()
                }
            } catch (IOException gone) {
                // ended while we looked, or a kernel thread
            }
        }
        out
    }

    /** The sandbox shell that started this JVM, and zombies not yet reaped, are not residue. */
    private static boolean isZombieOrAncestor(long pid) {
        def stat = new File("/proc/$pid/stat").text
        String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
        if (state == 'Z') {
            return true
        }
        def parent = ProcessHandle.current().parent()
        while (parent.isPresent()) {
            if (parent.get().pid() == pid) {
                return true
            }
            parent = parent.get().parent()
        }
        false
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer
                }
            }
            return i
        }
        -1
    }

    /**
     * The JVM's fds that can hold kernel objects, as {@code KIND TARGET} with socket and pipe inode
     * numbers dropped (a new one each run) and counted instead.
     */
    static List<String> fds() {
        Map<String, Integer> counts = new TreeMap<>()
        new File('/proc/self/fd').listFiles().each { fd ->
            String target = link(fd.toString())
            if (target == null) {
                return
            }
            String kind = null
            if (target.startsWith('socket:')) {
                kind = 'socket'
            } else if (target.startsWith('net:')) {
                kind = "nsfs ${target}"
            } else if (target == 'anon_inode:[pidfd]') {
                kind = 'pidfd'
            } else if (target.startsWith('pipe:')) {
                kind = 'pipe'
            } else if (target.startsWith('/run/')) {
                kind = target
            }
            if (kind != null) {
                counts.merge(kind, 1, Integer::sum)
            }
        }
        counts.collect { k, n -> "$k x$n".toString() }
    }

    private static String threadName(File task) {
        try {
            "${task.name} (${new File(task, 'comm').text.trim()})"
        } catch (IOException gone) {
            task.name
        }
    }

    private static String link(String path) {
        try {
            Files.readSymbolicLink(Paths.get(path)).toString()
        } catch (IOException gone) {
            null
        }
    }
}
