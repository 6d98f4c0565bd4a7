package dev.nslab.state;

import dev.nslab.sys.Fds;
import dev.nslab.sys.Proc;
import dev.nslab.sys.SafeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run at a time per lab: an exclusive {@code flock} on {@code /run/nslab/LAB/lock}, which
 * holds the holder's PID (as /proc shows it). A second run waits for it, saying once which
 * process it waits for, up to a limit; then it fails naming that process. The lock goes with its
 * holder, however it ends (even SIGKILL).
 * <p>
 * A run that leaves no journal removes the lock file while it still holds the lock, then the
 * lab's directory if nothing else is in it; a run that opened the file just before may then lock
 * a file that is no longer there. So after locking, the file and the directory are looked at by
 * name (stat, not open): unless both are still the ones locked, the lock is let go and taken
 * again. Two runs of one lab in this process (a daemon serving two clients) wait for each other
 * too, without opening the file twice ({@link #HELD}).
 */
public final class LabLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabLock.class);
    static final String FILE = "lock";
    /** The labs this process holds now. */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();
    private final LabDir dir;
    private final int fd;
    private final Journal journal;

    private LabLock(LabDir dir, int fd) {
        this.dir = dir;
        this.fd = fd;
        this.journal = new Journal(dir);
    }

    /** Takes the lab's lock, failing at once when another run holds it. */
    public static LabLock acquire(String lab) {
        return acquire(lab, Duration.ZERO);
    }

    /**
     * Takes the lab's lock, waiting up to {@code wait} while another run holds it; then fails with
     * {@link LabBusyException} naming the holder.
     */
    public static LabLock acquire(String lab, Duration wait) {
        LabDir.requireName(lab);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        for (int attempt = 1; ; attempt++) {
            String holder;
            if (!HELD.add(lab)) {
                holder = Proc.selfPid() + " (this process)";
            } else {
                boolean mine = false;
                try {
                    LabLock l = tryLock(lab);
                    if (l != null) {
                        mine = true;
                        return l;
                    }
                    holder = null;
                } catch (Busy b) {
                    holder = b.holder;
                } finally {
                    if (!mine) {
                        HELD.remove(lab);
                    }
                }
            }
            if (holder != null) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new LabBusyException("lab " + lab + " is being changed by PID " + holder
                            + ": wait for it to finish, then run again");
                }
                if (!told) {
                    LOG.warn("waiting for lab {}, being changed by PID {}", lab, holder);
                    told = true;
                }
                sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } else if (attempt >= 100) {
                throw new LabBusyException("lab " + lab + ": its lock file " + Labs.ROOT + "/" + lab + "/" + FILE
                        + " keeps being replaced; is another nslab changing the lab again and again? Run again when it is done");
            }
        }
    }

    /** The lock, or null when the file or directory was replaced meanwhile (try again); {@link Busy} when held. */
    private static LabLock tryLock(String lab) throws Busy {
        LabDir dir = LabDir.open(lab, true);
        int fd = -1;
        try {
            fd = SafeFiles.openFileAt(dir.fd(), FILE, dir.path(FILE).toString(), Fds.O_RDWR | Fds.O_CREAT, LabDir.FILE_MODE);
            if (!SafeFiles.tryLock(fd)) {
                throw new Busy(holderOf(fd));
            }
            SafeFiles.Stat locked = SafeFiles.stat(fd);
            SafeFiles.Stat named = SafeFiles.statAt(dir.fd(), FILE);
            if (named == null || named.ino() != locked.ino() || named.dev() != locked.dev() || !stillNamed(dir)) {
                return null; // removed (perhaps made anew) by the run that held it: lock what is there now
            }
            SafeFiles.rewrite(fd, Long.toString(Proc.selfPid()));
            LabLock l = new LabLock(dir, fd);
            fd = -1;
            dir = null;
            return l;
        } finally {
            Fds.closeQuietly(fd);
            if (dir != null) {
                dir.close();
            }
        }
    }

    /** Whether the lab's directory fd is still the directory the state root names so. */
    private static boolean stillNamed(LabDir dir) {
        try (LabDir again = LabDir.open(dir.lab(), false)) {
            if (again == null) {
                return false;
            }
            SafeFiles.Stat a = SafeFiles.stat(again.fd());
            SafeFiles.Stat b = SafeFiles.stat(dir.fd());
            return a.ino() == b.ino() && a.dev() == b.dev();
        }
    }

    /** The PID a holder wrote; it writes it an instant after it locked, so an empty file is read again. */
    private static String holderOf(int fd) {
        for (int i = 0; i < 50; i++) {
            String pid = SafeFiles.readAll(fd).strip();
            if (!pid.isEmpty()) {
                return pid;
            }
            sleep(2);
        }
        return "?";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabBusyException("interrupted while waiting for a lab");
        }
    }

    public Journal journal() {
        return journal;
    }

    public LabDir dir() {
        return dir;
    }

    /**
     * Releases the lock. A lab with no journal left is gone: its lock file is removed first,
     * while the lock is still held, then its directory if nothing else is in it.
     */
    @Override
    public void close() {
        try {
            journal.closeFd();
            boolean gone = !journal.exists();
            if (gone) {
                dir.remove(FILE);
            }
            Fds.closeQuietly(fd); // the flock goes with the last descriptor of its open file
            if (gone) {
                int root = Labs.openRoot(false);
                if (root >= 0) {
                    try {
                        SafeFiles.unlinkAt(root, dir.lab(), true); // not empty: another run came in meanwhile
                    } finally {
                        Fds.closeQuietly(root);
                    }
                }
            }
        } finally {
            dir.close();
            HELD.remove(dir.lab());
        }
    }

    /** Another run is changing the same lab. */
    public static final class LabBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LabBusyException(String message) {
            super(message);
        }
    }

    private static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;
        final String holder;

        Busy(String holder) {
            super(null, null, false, false);
            this.holder = holder;
        }
    }
}
