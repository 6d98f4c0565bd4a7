package dev.nslab.netns;

import dev.nslab.sys.Fds;
import dev.nslab.sys.Pidfds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.SysException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * What keeps a namespace alive once its name is gone: threads inside it, open nsfs fds to it,
 * nsfs mounts of it in other mount namespaces, and sockets made inside it
 * (docs/kernel-facts.md, "What holds a namespace alive"). Found by scanning /proc, so that
 * {@code down} can say who holds a namespace instead of leaving it behind, anonymous.
 */
public final class Pins {
    private Pins() {
    }

    /** Something outside nslab that keeps a namespace alive. */
    public record Pin(int pid, String comm, String how) {
        @Override
        public String toString() {
            return "PID " + pid + " (" + comm + ") " + how;
        }
    }

    /**
     * What keeps the namespace {@code held} refers to alive, apart from {@code held} itself: threads
     * inside it, open nsfs fds to it, nsfs mounts of it in other mount namespaces
     * ({@code /proc/PID/mountinfo}), and sockets created inside it (found with
     * {@code pidfd_getfd} and {@code SIOCGSKNS}). Empty when nothing visible holds it.
     */
    public static List<Pin> of(NetnsHandle held) {
        return of(List.of(held)).getOrDefault(held.name(), List.of());
    }

    /**
     * What holds each of the given namespaces alive, in one scan of /proc for all of them (a lab
     * of hundreds of namespaces must not scan every process's fds once per namespace).
     * nslab's own fds in {@code held} do not count. Keyed by {@link NetnsHandle#name()}; a
     * namespace nothing else holds has no entry.
     */
    public static Map<String, List<Pin>> of(List<NetnsHandle> held) {
        Map<NsId, String> targets = new HashMap<>();
        Map<String, String> nsfsRoots = new HashMap<>();
        Set<Integer> ownFds = new HashSet<>();
        for (NetnsHandle h : held) {
            NsId id = NsId.of(h);
            targets.put(id, h.name());
            nsfsRoots.put("net:[" + id.ino() + "]", h.name());
            ownFds.add(h.fd());
        }
        long self = dev.nslab.sys.Proc.selfPid();
        Map<String, List<Pin>> pins = new TreeMap<>();
        Set<NsId> mountNamespacesSeen = new HashSet<>();
        for (int pid : Processes.allPids()) {
            String[] comm = {null};
            BiConsumer<String, String> pin = (ns, how) -> {
                if (comm[0] == null) {
                    comm[0] = Processes.comm(pid);
                }
                pins.computeIfAbsent(ns, k -> new ArrayList<>()).add(new Pin(pid, comm[0], how));
            };
            if (pid != self) {
                for (String ns : threadNamespacesIn(pid, targets)) {
                    pin.accept(ns, "has a thread inside it");
                }
            }
            File[] fds = new File("/proc/" + pid + "/fd").listFiles();
            if (fds != null) {
                for (File fd : fds) {
                    int n = Integer.parseInt(fd.getName());
                    if (pid == self && ownFds.contains(n)) {
                        continue;
                    }
                    String link;
                    try {
                        link = Files.readSymbolicLink(fd.toPath()).toString();
                    } catch (IOException | UnsupportedOperationException gone) {
                        continue;
                    }
                    // An nsfs fd reads as "net:[INO]", or as the path it was opened by (/run/netns/NS).
                    if (!link.startsWith("socket:") && !link.startsWith("pipe:") && !link.startsWith("anon_inode:")) {
                        String ns = targetOf(fd.toPath(), targets);
                        if (ns != null) {
                            pin.accept(ns, "holds it open as fd " + n);
                        }
                    } else if (link.startsWith("socket:")) {
                        String ns = socketNamespaceOf(pid, n, targets);
                        if (ns != null) {
                            pin.accept(ns, "has a socket made inside it (fd " + n + ")");
                        }
                    }
                }
            }
            NsId mnt;
            try {
                mnt = NsId.of(Paths.get("/proc/" + pid + "/ns/mnt"));
            } catch (IOException | SecurityException gone) {
                continue;
            }
            if (mountNamespacesSeen.add(mnt)) {
                for (var m : nsfsMountsOf(pid, nsfsRoots).entrySet()) {
                    for (String where : m.getValue()) {
                        pin.accept(m.getKey(), "has it mounted on " + where + " in its mount namespace");
                    }
                }
            }
        }
        return pins;
    }

    private static List<String> threadNamespacesIn(int pid, Map<NsId, String> targets) {
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return List.of();
        }
        Set<String> out = new TreeSet<>();
        for (File task : tasks) {
            String ns = targetOf(task.toPath().resolve("ns/net"), targets);
            if (ns != null) {
                out.add(ns);
            }
        }
        return new ArrayList<>(out);
    }

    private static String targetOf(Path nsLink, Map<NsId, String> targets) {
        try {
            return targets.get(NsId.of(nsLink));
        } catch (IOException | SecurityException gone) {
            return null;
        }
    }

    private static Map<String, List<String>> nsfsMountsOf(int pid, Map<String, String> nsfsRoots) {
        Map<String, List<String>> out = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Paths.get("/proc/" + pid + "/mountinfo"));
        } catch (IOException gone) {
            return out;
        }
        for (String line : lines) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            String ns = f.length > 4 ? nsfsRoots.get(f[3]) : null;
            if (ns != null && dash > 0 && line.startsWith("nsfs ", dash + 3)) {
                out.computeIfAbsent(ns, k -> new ArrayList<>()).add(f[4].replace("\\040", " "));
            }
        }
        return out;
    }

    /** The target namespace a process's socket was made in, or null (SIOCGSKNS on a copy of the fd). */
    private static String socketNamespaceOf(int pid, int fd, Map<NsId, String> targets) {
        int pidfd = -1;
        int copy = -1;
        int ns = -1;
        try {
            pidfd = Pidfds.open(pid);
            copy = Pidfds.getfd(pidfd, fd);
            ns = Sockets.socketNamespace(copy);
            return targets.get(NsId.of(Paths.get("/proc/self/fd/" + ns)));
        } catch (SysException | IOException e) {
            return null; // gone meanwhile, not a network socket, or not ours to look at
        } finally {
            Fds.closeQuietly(ns);
            Fds.closeQuietly(copy);
            Fds.closeQuietly(pidfd);
        }
    }
}
