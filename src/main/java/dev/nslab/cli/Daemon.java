package dev.nslab.cli;

import dev.nslab.sys.Environment;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.Sys;
import dev.nslab.sys.SysException;
import dev.nslab.sys.UnixSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The nslab daemon: a JVM that stays up and runs the command line's commands for
 * {@code nslab-client} (src/main/c), so that a command costs what its work costs, not a JVM's
 * start (0.15 s) and Groovy's (0.1-0.3 s) each time. See docs/daemon.md.
 * <p>
 * It serves one context: its user, network and mount namespace, root and working directory,
 * which its socket's name encodes and which it checks for every client (SO_PEERCRED, then the
 * client's {@code /proc/PID} links); a client anywhere else is declined and runs nslab in a JVM
 * of its own. One command at a time: a client that comes while one runs is declined too, and
 * never waits. The command runs with the client's descriptors as its stdout and stderr, the
 * client's environment ({@link Environment}) and umask. If the client goes away before the
 * command has finished (Ctrl-C, kill), the daemon ends at once, as a killed nslab would: the
 * journal makes the next {@code up} or {@code down} converge.
 */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Where root's daemons keep their sockets; a tmpfs, private in nslab's sandboxes and tests. */
    static final String DIRECTORY = "/run/nslab/daemon";
    /** First reply word: the daemon has taken the command (an end of stream after it is a failure). */
    static final int STARTED = 0x20000;
    /** The only reply: not here; the client runs nslab in a JVM of its own. Nothing was done. */
    static final int DECLINED = 0x10000;
    /**
     * The subcommands it runs. Left out: those that hand the terminal to a child or wait on
     * signals ({@code exec}, {@code sandbox}, {@code monitor}), that name the caller's process
     * ({@code identify}), and those that are rarely run in loops ({@code unit}, {@code delete}, {@code daemon}).
     */
    static final Set<String> SERVED = Set.of("up", "down", "plan", "check", "show", "list", "ps", "doctor", "graph", "pids");
    private static final int MAX_REQUEST = 4 << 20;

    private final Path socket;
    private final Duration idle;
    private final Path jar;
    private final Object jarStamp;
    private final Identity self;
    private final Path pidFile;

    /** The command running now: its connection (owned by the accept loop, which closes it), or -1. */
    private volatile int running = -1;
    private volatile Thread worker;
    /** Whether the running command has returned (its exit status may still be on its way). */
    private volatile boolean finished;
    private long lastUsed = System.nanoTime();
    private int served;

    Daemon(Path socket, Duration idle) {
        this.socket = socket;
        this.idle = idle;
        this.jar = ownJar();
        this.jarStamp = stamp(jar);
        this.self = Identity.of("thread-self");
        this.pidFile = sibling(socket, ".pid");
    }

    /** The files beside the socket: the same name with another ending. */
    static Path sibling(Path socket, String ending) {
        String name = socket.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return socket.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ending);
    }

    /**
     * Serves until idle for {@link #idle}, until its jar changes (a new build has daemons of its
     * own), or until SIGTERM. Returns at once if another daemon serves this socket.
     */
    int serve() throws IOException {
        logToOwnStderr();
        prepareDirectory(socket.getParent());
        int lock = lock(sibling(socket, ".lock"));
        if (lock < 0) {
            LOG.info("another daemon serves {}", socket);
            return ExitCodes.OK;
        }
        try {
            long t0 = System.nanoTime();
            warmUp();
            LOG.info("warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
            Files.deleteIfExists(socket); // a dead daemon's: a live one would hold the lock
            Thread cleanUp = new Thread(this::forget, "nslab-daemon-exit");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            // The pid file before the socket: whoever sees the socket (a client, `daemon status`
            // or `stop`) must find the daemon behind it.
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            int oldMask = Fds.umask(0177); // the socket: 0600, read and write for its owner alone
            int listener;
            try {
                listener = UnixSockets.listen(socket.toString(), 64);
            } finally {
                Fds.umask(oldMask);
            }
            lastUsed = System.nanoTime(); // idle from now: the warm-up was no use
            LOG.info("serving {} for {} (pid {})", socket, Paths.get("").toAbsolutePath(), ProcessHandle.current().pid());
            try {
                acceptLoop(listener);
            } finally {
                Fds.closeQuietly(listener);
                forget();
            }
            LOG.info("served {} commands; ending", served);
            return ExitCodes.OK;
        } finally {
            Fds.closeQuietly(lock);
        }
    }

    /**
     * Locks the socket's lock file (flock, not waiting), and returns its fd; -1 if another
     * daemon holds it. A lock on a file that an ending daemon unlinked meanwhile is no lock:
     * then again, on the file now at that path.
     */
    private static int lock(Path lockFile) throws IOException {
        while (true) {
            int fd = Fds.open(lockFile.toString(), Fds.O_RDWR | Fds.O_CREAT | Fds.O_NOFOLLOW, 0600);
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

    /**
     * The daemon's own messages go to the stderr it was started with (its log file), at INFO;
     * a command's go to that command's client, since System.err is the client's while it runs.
     */
    private static void logToOwnStderr() {
        var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        var appender = new ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.setContext(context);
        appender.setName("DAEMON");
        var encoder = new StderrLogging.Line();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        appender.setOutputStream(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
        appender.start();
        var logger = context.getLogger(Daemon.class);
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(appender);
    }

    /** Removes the socket, pid and lock files (the lock is still held: this daemon is ending). */
    private void forget() {
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(sibling(socket, ".lock"));
        } catch (IOException ignored) {
            // a later daemon for this socket replaces both
        }
    }

    private void acceptLoop(int listener) {
        while (true) {
            int current = running;
            if (current >= 0 && !worker.isAlive()) {
                release(current); // answered, and its client has not closed yet
                current = -1;
            }
            int[] watched = current < 0 ? new int[]{listener} : new int[]{listener, current};
            boolean[] ready = Fds.pollReadable(watched, 1000);
            if (current >= 0 && ready[1]) {
                if (!finished) {
                    // The client went away while its command ran: end as that nslab would have.
                    LOG.warn("the client left before its command finished: ending, as a killed nslab would");
                    System.err.flush();
                    forget();
                    Runtime.getRuntime().halt(130);
                }
                try {
                    worker.join(1000); // it is writing the exit status
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release(current);
            }
            if (ready[0]) {
                accept(UnixSockets.accept(listener));
            }
            if (running < 0) {
                if (System.nanoTime() - lastUsed > idle.toNanos()) {
                    LOG.info("idle for {} s", idle.toSeconds());
                    return;
                }
                if (!Objects.equals(jarStamp, stamp(jar))) {
                    LOG.info("{} changed: a new build gets daemons of its own", jar);
                    return;
                }
                if (!Objects.equals(self.cwd(), Identity.key(Paths.get(System.getProperty("user.dir"))))) {
                    // Its directory was removed or replaced: clients there are another context
                    // now, and their daemon needs this socket.
                    LOG.info("{} is not the directory it served any more", System.getProperty("user.dir"));
                    return;
                }
            }
        }
    }

    private void release(int conn) {
        Fds.closeQuietly(conn);
        running = -1;
        served++;
        lastUsed = System.nanoTime();
    }

    /** Takes a connection: declines it, or starts its command on a thread of its own. */
    private void accept(int conn) {
        Request request = null;
        boolean taken = false;
        try {
            UnixSockets.PeerCredentials peer = UnixSockets.peerCredentials(conn);
            Sockets.setReceiveTimeout(conn, 5000);
            request = Request.read(conn);
            String why = declines(peer, request);
            if (why != null) {
                LOG.debug("declined pid {}: {}", peer.pid(), why);
                reply(conn, DECLINED);
                return;
            }
            finished = false;
            running = conn;
            taken = true;
            Request r = request;
            worker = new Thread(() -> runCommand(r, conn), "nslab-daemon-command");
            worker.start();
        } catch (RuntimeException e) {
            LOG.debug("dropped a connection: {}", e.toString());
        } finally {
            if (!taken) {
                if (request != null) {
                    request.closeFds();
                }
                Fds.closeQuietly(conn);
            }
        }
    }

    /** Why this daemon will not run the request here, or null. */
    private String declines(UnixSockets.PeerCredentials peer, Request r) {
        if (running >= 0) {
            return "busy with another command";
        }
        if (peer.uid() != ScriptTrust.effectiveUid()) {
            return "uid " + peer.uid() + " is not the daemon's";
        }
        if (r.fds.length < 3) {
            return "no standard descriptors passed";
        }
        String command = Main.subcommandName(r.args);
        if (command == null || !SERVED.contains(command)) {
            return "'" + command + "' is run by a JVM of its own";
        }
        if (!Objects.equals(jarStamp, stamp(jar))) {
            return jar + " changed";
        }
        Identity theirs = Identity.of(Integer.toString(peer.pid()));
        if (!self.equals(theirs)) {
            return "another context: " + theirs + " (the daemon's: " + self + ")";
        }
        return null;
    }

    private void runCommand(Request r, int conn) {
        int code = ExitCodes.FAILED;
        try {
            reply(conn, STARTED);
            code = execute(r);
        } catch (Throwable t) {
            LOG.error("command failed in the daemon", t);
        } finally {
            r.closeFds();
            finished = true;
        }
        try {
            reply(conn, code);
        } catch (RuntimeException ignored) {
            // the client has gone; the accept loop sees it
        }
    }

    /** Runs the command line as {@code Main} would, with the client's streams, environment and umask. */
    static int execute(Request r) throws Exception {
        PrintStream out = new PrintStream(Fds.outputStream(r.fds[1]), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(Fds.outputStream(r.fds[2]), true, StandardCharsets.UTF_8);
        PrintStream daemonOut = System.out;
        PrintStream daemonErr = System.err;
        int daemonMask = Fds.umask(r.umask);
        System.setOut(out);
        System.setErr(err);
        try {
            return Environment.serving(r.env, r.terminal, () -> {
                Options.reset(); // in the client's environment: its NSLAB_LOG
                CommandLine cl = Main.commandLine(r.args);
                cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
                cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
                return cl.execute(r.args);
            });
        } finally {
            out.flush();
            err.flush();
            System.setOut(daemonOut);
            System.setErr(daemonErr);
            Fds.umask(daemonMask);
            Options.reset();
        }
    }

    private static void reply(int conn, int word) {
        byte[] b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(word).array();
        Fds.writeFully(conn, b, 0, 4);
    }

    /**
     * Runs the code paths of a first command (script compiling and running, planning, a
     * netlink dump of this namespace) before the socket exists, so that no client meets a
     * cold daemon. Reads only: it plans a lab, and changes nothing.
     */
    private static void warmUp() throws IOException {
        Path dir = Files.createTempDirectory("nslab-daemon-warm-up", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path script = dir.resolve("warm-up.netns.groovy");
        try {
            Files.writeString(script, """
                    bridge 'nslabwarm0'
                    (1..(System.getenv('NSLAB_WARM_UP_N') ?: '200') as int).each { int i ->
                        namespace("nslab-warm-up-$i") {
                            veth "w$i" addr "10.${i.intdiv(250)}.${i % 250}.1/16" peer "wp$i" master 'nslabwarm0'
                            route 'default' via "10.${i.intdiv(250)}.0.254"
                        }
                    }
                    ping 'nslab-warm-up-1' to '10.0.1.1'
                    """);
            OutputStream nowhere = OutputStream.nullOutputStream();
            for (String[] args : List.of(new String[]{"plan", script.toString()}, new String[]{"plan", script.toString()},
                    new String[]{"-q", "list"}, new String[]{"plan", "--explain", script.toString()})) {
                CommandLine cl = Main.commandLine(args);
                cl.setOut(new PrintWriter(nowhere));
                cl.setErr(new PrintWriter(nowhere));
                cl.execute(args);
                Options.reset();
            }
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(dir);
        }
    }

    /** The daemons' directory: made owner-only; refused if it is a symlink or someone else's. */
    static void prepareDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symlink: refusing to serve from it");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != ScriptTrust.effectiveUid()) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to the daemon's user");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static Path ownJar() {
        try {
            Path p = Paths.get(Daemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** What tells a rebuilt jar from this one (inode, size, modification time); null when not run from a jar. */
    private static Object stamp(Path jar) {
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

    /**
     * Where a process lives: its network and mount namespace, root and working directory,
     * each as the (device, inode) of what its {@code /proc/PID} link leads to.
     */
    record Identity(Object net, Object mnt, Object root, Object cwd) {
        static Identity of(String pid) {
            Path proc = Paths.get("/proc", pid);
            return new Identity(key(proc.resolve("ns/net")), key(proc.resolve("ns/mnt")), key(proc.resolve("root")),
                    key(proc.resolve("cwd")));
        }

        static Object key(Path p) {
            try {
                return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                return "unreadable";
            }
        }
    }

    /**
     * One client's command, as nslab-client sends it: a 4-byte length, then NUL-terminated
     * fields {@code nslab-1}, {@code run}, {@code tty=ABC umask=OOOO}, argc, the arguments,
     * envc, the {@code NAME=value} pairs; with its fds 0, 1, 2 (SCM_RIGHTS).
     */
    record Request(String[] args, Map<String, String> env, boolean terminal, int umask, int[] fds) {
        static Request read(int conn) {
            ByteBuffer buf = Sys.allocateNative(64 * 1024);
            UnixSockets.Received first = UnixSockets.receiveWithFds(conn, buf, 8);
            int[] fds = first.fds();
            try {
                if (first.length() < 4) {
                    throw new IllegalArgumentException("short request");
                }
                int length = buf.getInt(0);
                if (length < 0 || length > MAX_REQUEST) {
                    throw new IllegalArgumentException("request of " + length + " bytes");
                }
                if (4 + length > buf.capacity()) {
                    ByteBuffer bigger = Sys.allocateNative(4 + length);
                    bigger.put(0, buf, 0, first.length());
                    buf = bigger;
                }
                int have = first.length();
                while (have < 4 + length) {
                    int n = Fds.read(conn, buf, have, 4 + length - have);
                    if (n == 0) {
                        throw new IllegalArgumentException("request cut short");
                    }
                    have += n;
                }
                byte[] bytes = new byte[length];
                buf.get(4, bytes);
                return parse(bytes, fds);
            } catch (RuntimeException e) {
                for (int fd : fds) {
                    Fds.closeQuietly(fd);
                }
                throw e;
            }
        }

        static Request parse(byte[] bytes, int[] fds) {
            List<String> fields = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    fields.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (fields.size() < 5 || !fields.get(0).equals("nslab-1") || !fields.get(1).equals("run")) {
                throw new IllegalArgumentException("not an nslab-1 run request");
            }
            boolean terminal = false;
            int umask = 0022;
            for (String flag : fields.get(2).split(" ")) {
                if (flag.startsWith("tty=") && flag.length() == 7) {
                    terminal = flag.charAt(4) == '1' && flag.charAt(5) == '1';
                } else if (flag.startsWith("umask=")) {
                    umask = Integer.parseInt(flag.substring(6), 8) & 0777;
                }
            }
            int argc = Integer.parseInt(fields.get(3));
            int at = 4;
            String[] args = fields.subList(at, at + argc).toArray(new String[0]);
            at += argc;
            int envc = Integer.parseInt(fields.get(at++));
            Map<String, String> env = new HashMap<>();
            for (String pair : fields.subList(at, at + envc)) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    env.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return new Request(args, env, terminal, umask, fds);
        }

        void closeFds() {
            for (int fd : fds) {
                Fds.closeQuietly(fd);
            }
        }
    }
}
