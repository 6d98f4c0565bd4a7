package dev.nslab.netns;

import dev.nslab.model.Names;
import dev.nslab.sys.Errno;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Mounts;
import dev.nslab.sys.Namespaces;
import dev.nslab.sys.SysException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Named network namespaces under /run/netns, made and removed exactly as iproute2's
 * {@code ip/ipnetns.c} does, so that {@code ip netns} and nslab see the same namespaces
 * (docs/kernel-facts.md, "Named namespaces").
 */
public final class NamedNamespaces {
    /** Where named namespaces live; a shared mount, so that bind mounts propagate. */
    public static final String RUN_DIR = "/run/netns";

    private NamedNamespaces() {
    }

    /** The path of a named namespace. The name is validated first: it becomes a path. */
    public static String pathOf(String name) {
        return RUN_DIR + "/" + Names.requireNamespace(name);
    }

    /**
     * The names under /run/netns, sorted.
     * <p>Equivalent to: {@code ip netns list}
     */
    public static List<String> list() {
        Path dir = Paths.get(RUN_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + RUN_DIR, e);
        }
    }

    /** A namespace's identity: the device and inode of its nsfs file (see {@link NsId}). */
    public record Identity(long dev, long ino) {
    }

    /**
     * The identity of the network namespace /run/netns/NAME is now; null when there is no such
     * name, or it is not a network namespace (a placeholder, a replaced file).
     */
    public static Identity identity(String name) {
        NetnsHandle h;
        try {
            h = open(name);
        } catch (RuntimeException e) {
            return null;
        }
        try (h) {
            NsId id = NsId.of(h);
            return new Identity(id.dev(), id.ino());
        }
    }

    /** Told each new namespace's identity after it is made and before its name is bound (to write it down first). */
    @FunctionalInterface
    public interface BeforeBind {
        void made(String name, Identity identity);
    }

    public static boolean exists(String name) {
        return Files.exists(Paths.get(pathOf(name)), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens a named namespace. Refuses a symlink (O_NOFOLLOW) and anything that is not a
     * network namespace on nsfs, so a replaced file can never redirect nslab elsewhere.
     * <p>Equivalent to what {@code ip -n NAME} does before it talks to the namespace.
     */
    public static NetnsHandle open(String name) {
        String path = pathOf(name);
        int fd = Fds.open(path, Fds.O_RDONLY | Fds.O_NOFOLLOW, 0);
        try {
            requireNetworkNamespace(fd, path);
            return new NetnsHandle(name, fd);
        } catch (RuntimeException e) {
            Fds.closeQuietly(fd);
            throw e;
        }
    }

    /** The namespace the calling thread is in now: the "host" of a lab run. */
    public static NetnsHandle openCurrent(String description) {
        return new NetnsHandle(description, Fds.open("/proc/thread-self/ns/net", Fds.O_RDONLY, 0));
    }

    private static void requireNetworkNamespace(int fd, String path) {
        if (Fds.fstatfsType(fd) != Namespaces.NSFS_MAGIC) {
            throw new NamespaceException(path + " is not a namespace (not an nsfs mount): refusing to use it");
        }
        if (Namespaces.namespaceType(fd) != Namespaces.CLONE_NEWNET) {
            throw new NamespaceException(path + " is a namespace, but not a network namespace");
        }
    }

    /** What to do inside a namespace right after it was made, before the thread leaves it. */
    @FunctionalInterface
    public interface WhileInside<T> {
        T run(String name) throws Exception;
    }

    /** One namespace made by {@link #create}: its handle and what the inside task returned. */
    public record Created<T>(NetnsHandle handle, T inside) {
    }

    /**
     * Creates one named namespace.
     * <p>Equivalent to: {@code ip netns add NAME}
     */
    public static <T> Created<T> create(String name, WhileInside<T> whileInside) {
        return createAll(List.of(name), whileInside).get(0);
    }

    /**
     * Creates named namespaces, in order, on one dedicated thread that unshares a fresh namespace
     * for each, bind-mounts it under /run/netns, runs {@code whileInside} there (to open a
     * netlink socket, write sysctls...), and finally returns to where it started.
     * <p>
     * On failure, the namespaces this call already made are removed again and the error
     * is rethrown: nothing is left half made.
     * <p>Equivalent to: {@code ip netns add NAME} for each name.
     */
    public static <T> List<Created<T>> createAll(List<String> names, WhileInside<T> whileInside) {
        return createAll(names, (n, id) -> { }, whileInside);
    }

    /**
     * As {@link #createAll(List, WhileInside)}, telling {@code beforeBind} each namespace's
     * identity once it exists and before it is bound under its name: a caller that writes it
     * down then knows, after any kill, whether the name leads to a namespace it made.
     */
    public static <T> List<Created<T>> createAll(List<String> names, BeforeBind beforeBind, WhileInside<T> whileInside) {
        List<String> paths = names.stream().map(NamedNamespaces::pathOf).toList();
        prepareRunDir();
        // Making a namespace is mostly kernel work that does not share a lock with the next one,
        // so a few dedicated threads, each with its own slice, finish sooner than one.
        int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), names.size() / 16));
        List<java.util.concurrent.Callable<List<Created<T>>>> slices = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int first = w;
            slices.add(() -> createSlice(names, paths, first, workers, beforeBind, whileInside));
        }
        List<InNamespace.Outcome<List<Created<T>>>> outcomes = InNamespace.onFreshThreads("nslab-netns-create", slices);
        RuntimeException failure = null;
        List<Created<T>>[] bySlice = new List[workers];
        for (int w = 0; w < workers; w++) {
            var o = outcomes.get(w);
            if (o.failure() != null) {
                failure = failure == null ? o.failure() : failure;
            } else {
                bySlice[w] = o.value();
            }
        }
        if (failure != null) {
            for (List<Created<T>> made : bySlice) {
                if (made != null) {
                    for (Created<T> c : made) {
                        c.handle().close();
                        closeQuietly(c.inside());
                        deleteQuietly(c.handle().name());
                    }
                }
            }
            throw failure;
        }
        List<Created<T>> all = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            all.add(bySlice[i % workers].get(i / workers));
        }
        return all;
    }

    private static void closeQuietly(Object inside) {
        if (inside instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // undoing a failed create; the first error is the one reported
            }
        }
    }

    /** Makes names[first], names[first + step], ... on the calling (dedicated) thread. */
    private static <T> List<Created<T>> createSlice(List<String> names, List<String> paths, int first, int step,
                                                    BeforeBind beforeBind, WhileInside<T> whileInside) throws Exception {
        List<Created<T>> made = new ArrayList<>();
        int home = Fds.open("/proc/thread-self/ns/net", Fds.O_RDONLY, 0);
        try {
            for (int i = first; i < names.size(); i += step) {
                made.add(createHere(names.get(i), paths.get(i), beforeBind, whileInside));
            }
            return made;
        } catch (Exception | Error e) {
            Namespaces.setns(home, Namespaces.CLONE_NEWNET);
            for (Created<T> c : made) {
                c.handle().close();
                closeQuietly(c.inside());
                deleteQuietly(c.handle().name());
            }
            throw e;
        } finally {
            // If this throws, the thread still ends right after: the namespace dies with it.
            Namespaces.setns(home, Namespaces.CLONE_NEWNET);
            Fds.closeQuietly(home);
        }
    }

    private static <T> Created<T> createHere(String name, String path, BeforeBind beforeBind, WhileInside<T> whileInside)
            throws Exception {
        createPlaceholder(path);
        dev.nslab.netns.Faults.point("placeholder " + path + " made, namespace not bound");
        int fd = -1;
        try {
            Namespaces.unshare(Namespaces.CLONE_NEWNET);
            NsId id = NsId.of(Paths.get("/proc/thread-self/ns/net"));
            beforeBind.made(name, new Identity(id.dev(), id.ino()));
            Mounts.mount("/proc/thread-self/ns/net", path, "none", Mounts.MS_BIND);
            dev.nslab.netns.Faults.point("namespace " + name + " bound");
            fd = Fds.open("/proc/thread-self/ns/net", Fds.O_RDONLY, 0);
            T inside = whileInside == null ? null : whileInside.run(name);
            return new Created<>(new NetnsHandle(name, fd), inside);
        } catch (Exception | Error e) {
            Fds.closeQuietly(fd);
            Mounts.tryUmountDetach(path); // fails harmlessly when only the placeholder was made
            unlinkQuietly(path);
            throw e;
        }
    }

    /**
     * Makes the empty file the namespace is bound onto. An empty, unmounted file left by a run
     * killed between this step and the bind mount is taken over, so that the next run converges.
     */
    private static void createPlaceholder(String path) {
        try {
            Fds.closeQuietly(Fds.open(path, Fds.O_RDONLY | Fds.O_CREAT | Fds.O_EXCL, 0));
        } catch (SysException e) {
            if (!e.is(Errno.EEXIST) || !isStalePlaceholder(path)) {
                throw e;
            }
        }
    }

    /**
     * Whether /run/netns/NAME is only the empty file a namespace would be bound onto: what a run
     * killed between the two steps leaves. Such a name is no namespace yet; {@link #create}
     * takes it over.
     */
    public static boolean isPlaceholder(String name) {
        return isStalePlaceholder(pathOf(name));
    }

    private static boolean isStalePlaceholder(String path) {
        int fd;
        try {
            fd = Fds.open(path, Fds.O_RDONLY | Fds.O_NOFOLLOW, 0);
        } catch (SysException e) {
            return false;
        }
        try {
            return Fds.fstatfsType(fd) != Namespaces.NSFS_MAGIC && Files.size(Paths.get(path)) == 0
                    && Files.isRegularFile(Paths.get(path), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /**
     * Makes /run/netns exist and be a shared mount (binding it onto itself first if it is not a
     * mount point), under an flock so that two runs cannot race, as {@code ip netns add} does.
     */
    private static void prepareRunDir() {
        try {
            Fds.mkdir(RUN_DIR, 0755);
        } catch (SysException e) {
            if (!e.is(Errno.EEXIST)) {
                throw e;
            }
        }
        int lock = Fds.open(RUN_DIR, Fds.O_RDONLY | Fds.O_DIRECTORY, 0);
        try {
            Fds.flock(lock, Fds.LOCK_EX);
            boolean boundOntoItself = false;
            while (true) {
                int errno = Mounts.tryMount("", RUN_DIR, "none", Mounts.MS_SHARED | Mounts.MS_REC);
                if (errno == 0) {
                    return;
                }
                if (errno != Errno.EINVAL.number || boundOntoItself) {
                    throw new SysException("mount(2)", errno, "--make-rshared " + RUN_DIR);
                }
                Mounts.mount(RUN_DIR, RUN_DIR, "none", Mounts.MS_BIND | Mounts.MS_REC);
                boundOntoItself = true;
            }
        } finally {
            Fds.closeQuietly(lock);
        }
    }

    /**
     * Removes a named namespace: detaches the bind mount, then unlinks the file. Checks first that
     * the file is an nsfs mount (or an empty placeholder) and never follows a symlink, so that a
     * replaced file is refused and nothing else is unlinked.
     * <p>
     * Like {@code ip netns del}, this only removes the name: a process still inside keeps the
     * namespace alive (see {@link Pins}, {@link ProcessSignals} and {@code apply.NamespaceRemover}).
     * <p>Equivalent to: {@code ip netns del NAME}
     */
    public static void delete(String name) {
        String path = pathOf(name);
        int fd = Fds.open(path, Fds.O_RDONLY | Fds.O_NOFOLLOW, 0);
        try {
            if (Fds.fstatfsType(fd) != Namespaces.NSFS_MAGIC && !isStalePlaceholder(path)) {
                throw new NamespaceException(path + " is not a namespace mount: refusing to unlink it");
            }
        } finally {
            Fds.closeQuietly(fd);
        }
        Mounts.tryUmountDetach(path);
        Fds.unlink(path);
    }

    private static void deleteQuietly(String name) {
        try {
            delete(name);
        } catch (RuntimeException ignored) {
            // Best effort while undoing a failed create; the first error is the one reported.
        }
    }

    private static void unlinkQuietly(String path) {
        try {
            Fds.unlink(path);
        } catch (SysException ignored) {
            // Undoing a failed create; the original error is more useful than this one.
        }
    }
}
