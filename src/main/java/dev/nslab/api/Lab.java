package dev.nslab.api;

import dev.nslab.apply.Applier;
import dev.nslab.live.LiveReader;
import dev.nslab.model.Addresses;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Shape;
import dev.nslab.model.Topology;
import dev.nslab.plan.Plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A lab that is up, made by {@link Nslab#up}. {@link #close()} takes it down, so
 * try-with-resources (Java) or {@code withCloseable} (Groovy) leaves the machine as it was.
 * <p>
 * Everything here reads the kernel afresh: {@link #addressOf} dumps the namespace's addresses,
 * {@link #exec} and {@link #ping} run real commands inside the namespace.
 */
public final class Lab implements AutoCloseable {
    /** How long {@link #exec(String, String...)} waits before it kills the command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int PING_TRIES = 3;

    private final Topology topology;
    private final Plan applied;
    private final int requests;
    private final List<dev.nslab.apply.SpawnReadiness.Waited> ready;
    private volatile boolean down;
    // issue 17: what the test started in the lab, closed before down
    private final List<LabProcess> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<dev.nslab.capture.Capture> captures = new java.util.concurrent.CopyOnWriteArrayList<>();

    Lab(Topology topology, Plan applied, int requests, List<dev.nslab.apply.SpawnReadiness.Waited> ready) {
        this.topology = topology;
        this.applied = applied;
        this.requests = requests;
        this.ready = List.copyOf(ready);
    }

    /** @return each spawn with a {@code ready} condition, and how long {@code up} waited for it */
    public List<dev.nslab.apply.SpawnReadiness.Waited> ready() {
        return ready;
    }

    /** @return the changes bringing it up carried out (empty when it was up to date already) */
    public Plan applied() {
        return applied;
    }

    /** @return how many netlink requests bringing it up sent */
    public int requests() {
        return requests;
    }

    /** @return the lab's name (the script's {@code lab 'NAME'}, or its file name) */
    public String name() {
        return topology.labName();
    }

    /** @return the script it was made from */
    public String script() {
        return topology.file();
    }

    /** @return the validated model of the script */
    public Topology topology() {
        return topology;
    }

    /**
     * Shapes what interface {@code link} of {@code namespace} sends, now, between two assertions
     * of a test (as toxiproxy would, without a proxy): {@code lab.shape('h1', 'eth0',
     * Shape.NONE.withDelay(100_000L))}; {@link Shape#NONE} removes the shaping. The script is not
     * changed: a later {@code up} puts its words back.
     * <p>Equivalent to: {@code nslab shape LAB NS IF --rate ... --delay ...}
     *
     * @throws IllegalArgumentException when the words do not go together
     * @throws dev.nslab.apply.ApplyException when the interface is not the lab's, or the kernel
     *                                        lacks the qdisc (netem: module sch_netem)
     */
    public void shape(String namespace, String link, Shape shape) {
        dev.nslab.apply.RuntimeShaping.shape(name(), namespace, link, shape);
    }

    /** @return the named namespaces the lab declares, in the script's order (the host is not one) */
    public List<String> namespaces() {
        return topology.declaredNamespaces().stream().map(Namespace::name).toList();
    }

    /**
     * Runs a command inside one of the lab's namespaces ({@code "host"}: the caller's own) and
     * returns its exit status and output; kills it after {@link #DEFAULT_TIMEOUT}. It returns
     * when the output ends: a background child that keeps stdout or stderr open (e.g.
     * {@code sleep 9 &}) is waited for too; redirect its output to let go of it.
     * <p>Equivalent to: {@code nsenter --net=/run/netns/NS -- ARGV...} (only the network
     * namespace changes: no {@code /sys} remount, no {@code /etc/netns} binds)
     */
    public ExecResult exec(String namespace, String... argv) {
        return exec(namespace, Arrays.asList(argv), DEFAULT_TIMEOUT);
    }

    /** As {@link #exec(String, String...)}, with a list and a time limit. */
    public ExecResult exec(String namespace, List<String> argv, Duration timeout) {
        requireNamespace(namespace);
        return NamespaceCommand.run(namespace, argv, timeout);
    }

    /**
     * The address on a link, read live: its first IPv4 address, else its first IPv6 address that
     * is not link-local. Without the prefix length: {@code "10.0.0.1"}.
     * <p>Equivalent to: {@code ip -n NS addr show dev LINK}
     *
     * @throws IllegalArgumentException when the namespace is not the lab's, the link does not
     *                                  exist there, or it has no such address (each naming what there is)
     */
    public String addressOf(String namespace, String link) {
        requireNamespace(namespace);
        LiveNamespace ns = LiveReader.read(namespace);
        Optional<LiveLink> l = ns.link(link);
        if (l.isEmpty()) {
            throw new IllegalArgumentException("lab " + name() + ": no link " + link + " in " + namespace + " (its links: "
                    + String.join(", ", ns.links().stream().map(LiveLink::name).toList()) + ")");
        }
        List<LiveAddress> addresses = ns.addressesOf(l.get().index());
        Optional<LiveAddress> best = addresses.stream().filter(a -> !a.prefix().isIpv6()).findFirst()
                .or(() -> addresses.stream().filter(a -> !a.isLinkLocal()).findFirst());
        return best.map(a -> Addresses.format(a.prefix().address())).orElseThrow(() -> new IllegalArgumentException(
                "lab " + name() + ": " + link + " in " + namespace + " has no IPv4 or global IPv6 address"
                        + (addresses.isEmpty() ? "" : " (only " + String.join(", ",
                        addresses.stream().map(a -> a.prefix().toString()).toList()) + ")")));
    }

    /**
     * True when an ICMP echo from {@code namespace} to {@code ip} is answered: nslab's own echo
     * ({@link dev.nslab.netns.Icmp}) from inside the namespace, up to 3 tries of 2 s each, since
     * IPv6 on a link starts up to a second after it has carrier.
     * <p>Equivalent to: {@code ip netns exec NS ping -c 3 -W 2 IP}, true on the first answer
     */
    public boolean ping(String namespace, String ip) {
        java.net.InetAddress target = dev.nslab.model.Addresses.parse(ip);
        try (dev.nslab.netns.NetnsHandle ns = dev.nslab.model.Namespace.isHost(namespace)
                ? dev.nslab.netns.NamedNamespaces.openCurrent(namespace) : dev.nslab.netns.NamedNamespaces.open(namespace)) {
            for (int i = 0; i < PING_TRIES; i++) {
                if (dev.nslab.netns.Icmp.echo(ns, target, java.time.Duration.ofSeconds(2)).answered()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Takes the lab down: stops its processes, removes what it made. Safe to call twice.
     * <p>Equivalent to: {@code nslab down LAB}
     */
    @Override
    public synchronized void close() {
        if (!down) {
            // Captures first (their sockets hold the namespaces), then the test's processes.
            RuntimeException failed = null;
            for (dev.nslab.capture.Capture c : captures) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    failed = e;
                }
            }
            captures.clear();
            processes.forEach(LabProcess::stop);
            processes.clear();
            Applier.down(name()); // may fail (the lab is busy): then a later close tries again
            down = true;
            if (failed != null) {
                throw failed;
            }
        }
    }

    // ---- issue 17: Java in the lab -------------------------------------------------------

    /**
     * Runs {@code task} with the calling thread inside namespace {@code ns} and returns what it
     * returns. Sockets opened in it belong to {@code ns} for good (a server socket made here
     * accepts connections in {@code ns} from any thread later). The thread goes back to its own
     * namespace afterwards, whatever the task did or threw. On a virtual thread, the task runs on
     * a fresh platform thread instead (a virtual thread's carrier is shared).
     * <p>Equivalent to: {@code ip netns exec NS} for Java code
     *
     * @throws Exception what the task threw, as it threw it
     */
    public <T> T call(String ns, java.util.concurrent.Callable<T> task) throws Exception {
        requireNamespace(ns);
        if (Namespace.isHost(ns)) {
            return task.call();
        }
        try (dev.nslab.netns.NetnsHandle h = dev.nslab.netns.NamedNamespaces.open(ns)) {
            return dev.nslab.netns.InNamespace.callHere(h, task::call);
        }
    }

    /** As {@link #call}, for code that returns nothing and throws no checked exception. */
    public void run(String ns, Runnable task) {
        try {
            call(ns, () -> {
                task.run();
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // a Runnable throws no checked exception
        }
    }

    /**
     * Starts a program in namespace {@code ns} (as {@code ip netns exec} would: its /sys, and
     * {@code /etc/netns/NS/hosts} over /etc/hosts, so lab names resolve); its output is collected.
     * Stop it with {@link LabProcess#stop()}; {@link #close()} stops it at the latest.
     * <p>Equivalent to: {@code ip netns exec NS ARGV... &}
     */
    public LabProcess spawn(String ns, String... argv) {
        requireNamespace(ns);
        List<String> cmd = Arrays.asList(argv);
        var io = new dev.nslab.netns.NamespaceExec.Io(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")),
                ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, false);
        Process p;
        if (Namespace.isHost(ns)) {
            p = dev.nslab.netns.NamespaceExec.startHere(cmd, io);
        } else {
            try (dev.nslab.netns.NetnsHandle h = dev.nslab.netns.NamedNamespaces.open(ns)) {
                p = dev.nslab.netns.NamespaceExec.start(h, cmd, io);
            }
        }
        LabProcess lp = new LabProcess(ns, cmd, p);
        processes.add(lp);
        return lp;
    }

    /**
     * Runs the script's expectations ({@code ping}, {@code noPing}, {@code connect},
     * {@code noConnect}) now, each from inside its namespace; {@link #table} prints them.
     * <p>Equivalent to: {@code nslab check FILE}
     */
    public List<dev.nslab.check.Expectations.Result> check() {
        requireNamespace(Namespace.HOST);
        return dev.nslab.check.Expectations.run(topology);
    }

    /** @return results as {@code nslab check} prints them: a table, then a summary line */
    public static String table(List<dev.nslab.check.Expectations.Result> results) {
        return dev.nslab.check.ResultTable.format(List.of(), results);
    }

    /** As {@link #capture(String, String, String)}, every packet. */
    public dev.nslab.capture.Capture capture(String ns, String link) {
        return capture(ns, link, null);
    }

    /**
     * Starts collecting the packets of {@code link} in {@code ns}, decoded ({@code packets()},
     * {@code lines()}, {@code waitFor(...)}), until the capture is closed; {@link #close()}
     * closes it first. {@code filter}: {@code nslab capture}'s words ({@code "tcp and port 8080"}), or null.
     * <p>Equivalent to: {@code nslab capture NS LINK --filter WORDS}
     *
     * @throws IllegalArgumentException when the namespace is not the lab's or has no such link (naming its links)
     */
    public dev.nslab.capture.Capture capture(String ns, String link, String filter) {
        requireNamespace(ns);
        LiveNamespace live = LiveReader.read(ns);
        if (live.link(link).isEmpty()) {
            throw new IllegalArgumentException("lab " + name() + ": no link " + link + " in " + ns + " (its links: "
                    + String.join(", ", live.links().stream().map(LiveLink::name).toList()) + ")");
        }
        dev.nslab.capture.Capture c = filter == null ? dev.nslab.capture.Capture.start(ns, link)
                : dev.nslab.capture.Capture.start(ns, link, filter);
        captures.add(c);
        return c;
    }

    @Override
    public String toString() {
        return "lab " + name() + " (" + script() + ")" + (down ? ", down" : "");
    }

    private void requireNamespace(String namespace) {
        if (down) {
            throw new IllegalStateException(this + ": it was taken down");
        }
        if (!Namespace.isHost(namespace) && !namespaces().contains(namespace)) {
            List<String> known = new ArrayList<>(namespaces());
            known.add(Namespace.HOST);
            throw new IllegalArgumentException("lab " + name() + " has no namespace " + namespace + " (it has: "
                    + String.join(", ", known) + ")");
        }
    }

}
