package dev.nslab.daemon;

import dev.nslab.sys.Fds;
import dev.nslab.sys.SysException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The daemons' files and processes: their directory, each one's lock and pid file beside its
 * socket, the jar it runs, and the daemons running now, found in /proc (a removed pid file hides
 * none).
 */
public final class DaemonFiles {
    /** Where root's daemons keep their sockets; a tmpfs, private in nslab's sandboxes and tests. */
    public static final String DIRECTORY = "/run/nslab/daemon";

    private DaemonFiles() {
    }

    /** The files beside the socket: the same name with another ending. */
    public static Path sibling(Path socket, String ending) {
        String name = socket.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return socket.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ending);
    }

    /**
     * The daemons' directory: made owner-only (0700, whatever the umask); refused if it is a
     * symlink or someone else's.
     */
    static void prepareDirectory(Path dir, int uid) throws IOException {
        Files.createDirectories(dir);
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symlink: refusing to serve from it");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to the daemon's user");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Locks the socket's lock file (flock, not waiting), and returns its fd; -1 if another
     * daemon holds it. A lock on a file that an ending daemon unlinked meanwhile is no lock:
     * then again, on the file now at that path.
     */
    static int lock(Path lockFile) throws IOException {
        while (true) {
            int fd = Fds.open(lockFile.toString(), Fds.O_RDWR | Fds.O_CREAT | Fds.O_NOFOLLOW | Fds.O_CLOEXEC, 0600);
            try {
                Fds.flock(fd, Fds.LOCK_EX | Fds.LOCK_NB);
            } catch (SysException e) {
                Fds.closeQuietly(fd);
                return -1;
            }
            if (!Files.readSymbolicLink(Paths.get("/proc/self/fd/" + fd)).toString().endsWith(" (deleted)")) {
                return fd;
            }
            Fds.closeQuietly(fd);
        }
    }

    /** Writes {@code text} to a new file {@code path} (0600; a planted file or symlink there is replaced, never followed). */
    static void writePrivate(Path path, String text) throws IOException {
        Files.deleteIfExists(path);
        int fd = Fds.open(path.toString(), Fds.O_WRONLY | Fds.O_CREAT | Fds.O_EXCL | Fds.O_NOFOLLOW | Fds.O_CLOEXEC, 0600);
        try {
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Fds.writeFully(fd, b, 0, b.length);
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    /** The jar this JVM runs, or null when run from classes (tests). */
    static Path ownJar() {
        try {
            Path p = Paths.get(DaemonFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** What tells a rebuilt jar from this one (inode, size, modification time); null when not run from a jar. */
    static Object stamp(Path jar) {
        if (jar == null) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return "gone";
        }
    }

    /** A live daemon: its PID, resident memory, working directory and socket. */
    public record Running(long pid, String rss, String directory, Path socket) {
    }

    /**
     * The daemons of user {@code uid} in this mount namespace running now, found in /proc by
     * their command line ({@code ... daemon serve --socket DIRECTORY/KEY.sock ...}), pid file or
     * not; with {@code all} false only those serving this working directory.
     */
    public static List<Running> running(int uid, boolean all) {
        List<Running> found = new ArrayList<>();
        Object here = Identity.key(Paths.get(System.getProperty("user.dir")));
        Object mounts = Identity.key(Paths.get("/proc/self/ns/mnt"));
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                Path socket = pid == self ? null : servedSocket(proc);
                // Only daemons whose sockets are in this mount namespace's DIRECTORY: another
                // world's (a sandbox's, a container's) are none of this command's business.
                if (socket == null || ownerOf(proc) != uid || !mounts.equals(Identity.key(proc.resolve("ns/mnt")))) {
                    continue;
                }
                if (!all && !Objects.equals(here, Identity.key(proc.resolve("cwd")))) {
                    continue;
                }
                String directory;
                try {
                    directory = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                } catch (IOException e) {
                    directory = "?";
                }
                found.add(new Running(pid, rss(proc), directory, socket));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("/proc: " + e.getMessage(), e);
        }
        found.sort(java.util.Comparator.comparingLong(Running::pid));
        return found;
    }

    /**
     * Whether no process but this one is in the network namespace {@code net} (its
     * {@link Identity#key}); a namespace that a bind mount keeps (a named one) has no daemon.
     */
    static boolean aloneInNetworkNamespace(Object net) {
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path proc : procs) {
                if (Long.parseLong(proc.getFileName().toString()) != self && net.equals(Identity.key(proc.resolve("ns/net")))) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell: stay
        }
        return true;
    }

    /** The socket the process serves if it is an nslab daemon, else null. */
    public static Path servedSocket(Path proc) {
        String[] args;
        try {
            args = new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8).split("\0");
        } catch (IOException e) {
            return null;
        }
        int serve = Arrays.asList(args).indexOf("serve");
        if (serve < 1 || !args[serve - 1].equals("daemon")) {
            return null;
        }
        for (int i = serve + 1; i + 1 < args.length; i++) {
            if (args[i].equals("--socket") && args[i + 1].startsWith(DIRECTORY + "/") && args[i + 1].endsWith(".sock")) {
                return Paths.get(args[i + 1]);
            }
        }
        return null;
    }

    private static int ownerOf(Path proc) {
        try {
            return (Integer) Files.getAttribute(proc, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String rss(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return (kib / 1024) + " MiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }
}
