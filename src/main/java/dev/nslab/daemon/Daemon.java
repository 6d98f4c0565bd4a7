package dev.nslab.daemon;

import dev.nslab.dsl.ScriptRunner;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Invocation;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.UnixSockets;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nslab daemon: a JVM that stays up and runs the command line's commands for
 * {@code nslab-client} (src/main/c), so that a command costs what its work costs, not a JVM's
 * start (0.15 s) and Groovy's (0.1-0.3 s) each time. See docs/daemon.md; what is said on the
 * socket is {@link Protocol}'s.
 * <p>
 * It serves one context: its user, network and mount namespace, root and working directory,
 * which its socket's name encodes and which it checks for every client (SO_PEERCRED, then the
 * client's {@code /proc/PID} links); a client anywhere else is declined and runs nslab in a JVM
 * of its own. One command at a time: a client that comes while one runs is declined too, and
 * never waits. Requests are read off the accept loop, so a slow or silent client holds up no
 * other. Each command runs in an {@link Invocation} of the client's: its descriptors, its
 * environment. A client that goes away before its command has finished (Ctrl-C, kill) cancels
 * it: the command ends at its next safe point, as a killed nslab would have ended, and the
 * journal makes the next {@code up} or {@code down} converge.
 */
public final class Daemon {
    /**
     * The subcommands it runs. Left out: those that hand the terminal to a child or wait on
     * signals ({@code exec}, {@code sandbox}, {@code monitor}, {@code capture}), that name the
     * caller's process ({@code identify}), and those rarely run in loops ({@code unit},
     * {@code delete}, {@code daemon}).
     */
    public static final Set<String> SERVED = Set.of("up", "down", "plan", "check", "show", "list", "ps", "doctor", "graph", "pids");
    /** Requests being read at once; a client beyond them is dropped (it then runs a JVM of its own). */
    private static final int READERS = 16;
    /** How long a client may take to send its request: it holds up no other (it is read off the accept loop). */
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

    private final Path socket;
    private final Duration idle;
    private final Commands commands;
    private final int uid;
    private final Path jar;
    private final Object jarStamp;
    private final Identity self;
    private final Path pidFile;
    private final Semaphore readers = new Semaphore(READERS);
    private final PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    /** The command running now, or null; set under this object's lock. */
    private volatile Command command;
    private long lastUsed = System.nanoTime();
    /** Commands answered: counted before the answer goes out, so a `daemon stop` right after it sees it. */
    private final AtomicInteger served = new AtomicInteger();

    /** A client's command while it runs: its connection (closed by the accept loop), its thread, its invocation. */
    private static final class Command {
        final int conn;
        final Invocation invocation;
        Thread worker;
        volatile boolean finished;
        boolean clientGone;

        Command(int conn, Invocation invocation) {
            this.conn = conn;
            this.invocation = invocation;
        }
    }

    /**
     * @param socket   the socket to serve (beside it: its lock and pid file)
     * @param idle     how long to stay without a command
     * @param commands what runs a client's command line
     * @param uid      the daemon's user, the only one it serves
     */
    public Daemon(Path socket, Duration idle, Commands commands, int uid) {
        this.socket = socket;
        this.idle = idle;
        this.commands = commands;
        this.uid = uid;
        this.jar = DaemonFiles.ownJar();
        this.jarStamp = DaemonFiles.stamp(jar);
        this.self = Identity.of("thread-self");
        this.pidFile = DaemonFiles.sibling(socket, ".pid");
    }

    /** Whether serve() came to its end (then the shutdown hook has nothing to say). */
    private volatile boolean ended;

    /** An idle limit that never comes: a daemon systemd keeps ({@code --idle 0}). */
    public static final Duration NEVER_IDLE = Duration.ofDays(36_500);

    /**
     * Serves until idle for {@link #idle}, until its jar changes (a new build has daemons of its
     * own), until a script left threads running, or until SIGTERM. Returns at once if another
     * daemon serves this socket.
     *
     * @return the exit status: 0
     */
    public int serve() throws IOException {
        Fds.umask(0022); // fixed: whatever umask started it, and whatever a client's is
        DaemonFiles.prepareDirectory(socket.getParent(), uid);
        int lock = DaemonFiles.lock(DaemonFiles.sibling(socket, ".lock"));
        if (lock < 0) {
            log("another daemon serves " + socket);
            return 0;
        }
        try {
            long t0 = System.nanoTime();
            warmUp();
            log("warmed up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            Files.deleteIfExists(socket); // a dead daemon's: a live one would hold the lock
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!ended) {
                    // SIGTERM (`daemon stop`, systemctl stop): the journal of a service says how it went
                    log("stopped by a signal after serving " + served + " commands");
                }
                forget();
            }, "nslab-daemon-exit"));
            // The pid file before the socket: whoever sees the socket (a client, `daemon status`
            // or `stop`) must find the daemon behind it.
            DaemonFiles.writePrivate(pidFile, ProcessHandle.current().pid() + "\n");
            int oldMask = Fds.umask(0177); // the socket: 0600, read and write for its owner alone
            int listener;
            try {
                listener = UnixSockets.listen(socket.toString(), 64);
            } finally {
                Fds.umask(oldMask);
            }
            lastUsed = System.nanoTime(); // idle from now: the warm-up was no use
            log("serving " + socket + " for " + Paths.get("").toAbsolutePath() + " (pid " + ProcessHandle.current().pid() + ")");
            try {
                acceptLoop(listener);
            } finally {
                Fds.closeQuietly(listener);
                forget();
            }
            log("served " + served + " commands; ending");
            ended = true;
            return 0;
        } finally {
            Fds.closeQuietly(lock);
        }
    }

    private void log(String message) {
        log.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " " + message);
    }

    /** Removes the socket, pid and lock files (the lock is still held: this daemon is ending). */
    private void forget() {
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(DaemonFiles.sibling(socket, ".lock"));
        } catch (IOException ignored) {
            // a later daemon for this socket replaces them
        }
    }

    private void acceptLoop(int listener) {
        while (true) {
            Command c = command;
            // (finished first: a command just started may not be alive yet)
            if (c != null && c.finished && !c.worker.isAlive()) {
                release(c); // answered (or cancelled), and its client has not closed yet
                c = null;
            }
            boolean watchClient = c != null && !c.clientGone;
            int[] watched = watchClient ? new int[]{listener, c.conn} : new int[]{listener};
            boolean[] ready = Fds.pollReadable(watched, c == null ? 1000 : 100);
            if (watchClient && ready[1]) {
                if (!c.finished) {
                    // The client went away while its command ran: end it as that nslab would have ended.
                    log("the client left before its command finished: cancelling it at its next safe point");
                    c.invocation.cancel();
                    c.clientGone = true;
                } else {
                    join(c.worker); // it is writing the exit status
                    release(c);
                }
            }
            if (ready[0]) {
                int conn = UnixSockets.accept(listener);
                if (readers.tryAcquire()) {
                    Thread reader = new Thread(() -> {
                        try {
                            take(conn);
                        } finally {
                            readers.release();
                        }
                    }, "nslab-daemon-request");
                    reader.setDaemon(true);
                    reader.start();
                } else {
                    Fds.closeQuietly(conn); // too many at once: the client runs a JVM of its own
                }
            }
            if (command == null && finishedServing()) {
                return;
            }
            if (command == null && !ScriptRunner.threadsLeftRunning().isEmpty()) {
                log("a script left threads running " + ScriptRunner.threadsLeftRunning() + ": retiring, a new daemon starts clean");
                return;
            }
        }
    }

    /** Whether the daemon should end now that no command runs: idle, rebuilt, or its directory gone. */
    private boolean finishedServing() {
        if (System.nanoTime() - lastUsed > idle.toNanos()) {
            log("idle for " + idle.toSeconds() + " s");
            return true;
        }
        if (!Objects.equals(jarStamp, DaemonFiles.stamp(jar))) {
            log(jar + " changed: a new build gets daemons of its own");
            return true;
        }
        if (DaemonFiles.aloneInNetworkNamespace(self.net())) {
            // An anonymous namespace (`unshare --net sh -c 'nslab list'`) whose shell has ended:
            // staying would keep it, and what is in it, alive for nobody.
            log("no other process is in its network namespace any more");
            return true;
        }
        if (!Objects.equals(self.cwd(), Identity.key(Paths.get(System.getProperty("user.dir"))))) {
            // Its directory was removed or replaced: clients there are another context now,
            // and their daemon needs this socket.
            log(System.getProperty("user.dir") + " is not the directory it served any more");
            return true;
        }
        return false;
    }

    private static void join(Thread t) {
        try {
            t.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void release(Command c) {
        if (command != c) {
            return; // released already (its connection's number may be another's by now)
        }
        Fds.closeQuietly(c.conn);
        command = null;
        lastUsed = System.nanoTime();
    }

    /** Reads a connection's request (on a thread of its own), then declines it or starts its command. */
    private void take(int conn) {
        Protocol.Request request = null;
        boolean taken = false;
        try {
            UnixSockets.PeerCredentials peer = UnixSockets.peerCredentials(conn);
            Sockets.setReceiveTimeout(conn, REQUEST_TIMEOUT_MILLIS);
            request = Protocol.Request.read(conn);
            taken = start(conn, peer, request);
        } catch (RuntimeException e) {
            log("dropped a connection: " + e);
        } finally {
            if (!taken) {
                if (request != null) {
                    request.closeFds();
                }
                Fds.closeQuietly(conn);
            }
        }
    }

    /** Starts the request's command, or declines it; whether it was started. */
    private synchronized boolean start(int conn, UnixSockets.PeerCredentials peer, Protocol.Request r) {
        Command previous = command;
        if (previous != null && previous.finished) {
            // Answered, but the accept loop has not seen its client go yet: this client (often
            // that one's next command) is not to be declined as if the daemon were busy.
            join(previous.worker);
            if (!previous.worker.isAlive()) {
                release(previous);
            }
        }
        String why = declines(peer, r);
        if (why != null) {
            log("declined pid " + peer.pid() + ": " + why);
            Protocol.reply(conn, Protocol.DECLINED);
            return false;
        }
        PrintStream out = new PrintStream(Fds.outputStream(r.fds()[1]), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(Fds.outputStream(r.fds()[2]), true, StandardCharsets.UTF_8);
        Command c = new Command(conn, Invocation.forClient(r.env(), r.terminal(), out, err));
        c.worker = new Thread(() -> runCommand(r, c), "nslab-daemon-command");
        command = c;
        c.worker.start();
        return true;
    }

    /** Why this daemon will not run the request here, or null. */
    private String declines(UnixSockets.PeerCredentials peer, Protocol.Request r) {
        if (command != null) {
            return "busy with another command";
        }
        if (peer.uid() != uid) {
            return "uid " + peer.uid() + " is not the daemon's";
        }
        if (r.fds().length < 3) {
            return "no standard descriptors passed";
        }
        String name = commands.subcommand(r.args());
        if (name == null || !SERVED.contains(name)) {
            return "'" + name + "' is run by a JVM of its own";
        }
        if (!Objects.equals(jarStamp, DaemonFiles.stamp(jar))) {
            return jar + " changed";
        }
        Identity theirs = Identity.of(Integer.toString(peer.pid()));
        if (!self.equals(theirs)) {
            return "another context: " + theirs + " (the daemon's: " + self + ")";
        }
        return null;
    }

    private void runCommand(Protocol.Request r, Command c) {
        int code = 1;
        PrintStream daemonOut = System.out;
        PrintStream daemonErr = System.err;
        try {
            Protocol.reply(c.conn, Protocol.STARTED);
            // What writes to System.out and System.err (logging among it) writes to the client's.
            System.setOut(c.invocation.out());
            System.setErr(c.invocation.err());
            code = commands.run(r.args(), c.invocation);
            if (c.invocation.cancelled()) {
                log("command " + String.join(" ", r.args()) + " cancelled after its client left; it ended with " + code);
            }
        } catch (Invocation.Cancelled e) {
            log("command " + String.join(" ", r.args()) + " " + e.getMessage());
            code = 130;
        } catch (Throwable t) {
            log("command failed in the daemon: " + t);
            t.printStackTrace(log);
        } finally {
            c.invocation.out().flush();
            c.invocation.err().flush();
            System.setOut(daemonOut);
            System.setErr(daemonErr);
            r.closeFds();
            c.finished = true;
        }
        served.incrementAndGet();
        try {
            Protocol.reply(c.conn, code);
        } catch (RuntimeException ignored) {
            // the client has gone; the accept loop sees it
        }
    }

    /**
     * Runs the code paths of a first command (script compiling and running, planning, a
     * netlink dump of this namespace) before the socket exists, so that no client meets a
     * cold daemon. Reads only: it plans a lab, and changes nothing.
     */
    private void warmUp() throws IOException {
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
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            for (String[] args : List.of(new String[]{"plan", script.toString()}, new String[]{"plan", script.toString()},
                    new String[]{"-q", "list"}, new String[]{"plan", "--explain", script.toString()})) {
                commands.run(args, Invocation.forClient(System.getenv(), false, nowhere, nowhere));
            }
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(dir);
        }
    }
}
