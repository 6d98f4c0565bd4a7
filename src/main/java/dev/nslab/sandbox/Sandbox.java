package dev.nslab.sandbox;

import dev.nslab.state.Labs;
import dev.nslab.model.Prefix;
import dev.nslab.netlink.nl.LinkKind;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NewLink;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.model.Names;
import dev.nslab.sys.Mounts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway world for a lab: a private root network namespace, a private mount namespace with
 * fresh tmpfs on {@code /run/netns} and {@code /run/nslab}, and a private PID namespace whose
 * first process is nslab itself. The machine's own interfaces, named namespaces and labs are
 * invisible inside; nothing inside is visible outside.
 * <p>
 * A JVM cannot unshare its own mount namespace (it is multi-threaded), so the sandbox is a
 * second nslab process started under {@code unshare}: {@link #launcher} builds that command.
 * Teardown is the kernel's: when the sandbox's first process ends, every process in its PID
 * namespace is killed, and with the last of them go the network namespaces, the mounts and the
 * lab. {@code --kill-child} ends that first process when {@code unshare} ends, and
 * {@code setpriv --pdeathsig KILL} ends {@code unshare} when the outer nslab ends, even by
 * {@code kill -9} (docs/kernel-facts.md, "Starting programs in a namespace").
 */
public final class Sandbox {
    /** Set in the environment of the command run inside, to the lab's name. */
    public static final String ENV = "NSLAB_SANDBOX";

    private Sandbox() {
    }

    /**
     * The command that runs {@code inner} (an nslab command line) inside a fresh sandbox.
     * <p>Equivalent to: {@code setpriv --pdeathsig KILL -- unshare --net --mount --pid --fork
     * --kill-child --mount-proc --propagation private -- INNER...}
     */
    public static List<String> launcher(List<String> inner) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL", "--",
                "unshare", "--net", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private", "--"));
        cmd.addAll(inner);
        return cmd;
    }

    /**
     * Inside the sandbox, before the lab: fresh tmpfs on {@code /run/netns}, the journal
     * directory and {@code /etc/netns} (where up writes each namespace's hosts file), and {@code lo} up. Refuses to run outside a sandbox (it would hide the
     * machine's named namespaces and labs).
     * <p>Equivalent to: {@code mount -t tmpfs nslab-sandbox /run/netns; mount -t tmpfs
     * nslab-sandbox /run/nslab; mount -t tmpfs nslab-sandbox /etc/netns; ip link set lo up}
     */
    public static void prepareInside() {
        if (ProcessHandle.current().pid() != 1) {
            throw new IllegalStateException("sandbox --inside: this process is PID " + ProcessHandle.current().pid()
                    + ", not the first process of a fresh PID namespace: run 'nslab sandbox FILE', not --inside");
        }
        for (String dir : List.of(NamedNamespaces.RUN_DIR, Labs.ROOT, "/etc/netns")) {
            Path p = Paths.get(dir);
            try {
                Files.createDirectories(p);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("sandbox: cannot make " + dir + ": " + e.getMessage(), e);
            }
            Mounts.mount("nslab-sandbox", dir, "tmpfs", 0);
        }
        try (Netlink nl = Netlink.open()) {
            nl.linkSetUp("lo");
        }
    }

    /**
     * A stand-in for a machine device, inside the sandbox: a veth called {@code name} (its peer
     * {@link #standInPeer}), both ends up, with {@code address} on it, so a lab written for the
     * real device can be tried against it.
     * <p>Equivalent to: {@code ip link add NAME type veth peer name sb-NAME; ip addr add ADDRESS
     * dev NAME; ip link set NAME up; ip link set sb-NAME up}
     */
    public static void standIn(String name, Prefix address) {
        Names.requireInterface(name);
        String peer = standInPeer(name);
        try (Netlink nl = Netlink.open()) {
            nl.linkAdd(NewLink.of(name, new LinkKind.Veth(peer, null, 0, null, null)));
            nl.addrAdd(name, address.address(), address.length(), true);
            nl.linkSetUp(peer);
            nl.linkSetUp(name);
        }
    }

    /** The name of a stand-in's other end: {@code sb-NAME}, cut to the kernel's 15 bytes. */
    public static String standInPeer(String name) {
        String peer = "sb-" + name;
        return peer.length() > 15 ? peer.substring(0, 15) : peer;
    }

    /**
     * A {@code --stand-in} argument: {@code NAME} or {@code NAME=CIDR}. Without a CIDR, the
     * {@code n}th stand-in (from 0) gets {@code 192.0.2.(n+1)/24} (TEST-NET-1, RFC 5737).
     */
    public static StandIn parseStandIn(String arg, int n) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        String problem = dev.nslab.model.Names.interfaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("--stand-in " + arg + ": " + problem);
        }
        Prefix p;
        try {
            p = eq < 0 ? Prefix.parse("192.0.2." + (n + 1) + "/24") : Prefix.parse(arg.substring(eq + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stand-in " + arg + ": " + e.getMessage() + " (expected NAME or NAME=ADDRESS/LENGTH)");
        }
        return new StandIn(name, p);
    }

    /** A device to stand in for, and its address. */
    public record StandIn(String name, Prefix address) {
        @Override
        public String toString() {
            return name + "=" + address;
        }
    }
}
