package dev.nslab.apply;

import dev.nslab.model.Ownership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a lab made, written down before each step under {@code /run/nslab/LAB/} (a tmpfs: it
 * vanishes at reboot, like the namespaces). A run killed half-way leaves a journal that names
 * everything it may have made, so the next {@code up} converges and {@code down} finds it all.
 * <p>
 * Lines are appended and forced to storage one batch at a time: {@code ns NAME}, {@code link
 * NAME} (a host link), {@code uplink ...} (an uplink's state before the lab, see
 * {@link UplinkOrigin}), {@code script PATH}; a leading {@code -} takes a record back. A name that was recorded but never made is
 * harmless: removal finds nothing and moves on.
 */
public final class Journal implements AutoCloseable {
    public static final String ROOT = System.getProperty("nslab.state", "/run/nslab");
    /** The labs this process holds now. */
    private static final Set<String> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final String lab;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Journal(String lab, Path dir, FileChannel lockChannel, FileLock lock) {
        this.lab = lab;
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the lab's journal and takes its lock: one run at a time per lab. A second run
     * fails at once, naming the process that holds the lab.
     * <p>
     * The lock is a POSIX record lock on {@code /run/nslab/LAB/lock}, which holds the holder's
     * PID. Such a lock is dropped when the process closes <em>any</em> descriptor of the file, so
     * while a lab is held nothing in this process opens its lock file again: a second run of the
     * same lab in this process is refused without touching the file ({@link #HELD}).
     * <p>
     * A run that leaves no journal removes the lock file while it still holds the lock; a run
     * that opened the file just before may then lock a file that is no longer there. So the path
     * is looked at (stat, not open) before the open and after the lock: unless both name the same
     * file, the lock is let go and taken again on the file the path names now.
     */
    public static Journal open(String lab) {
        long me = ProcessHandle.current().pid();
        if (!HELD.add(lab)) {
            throw new LabBusyException("lab " + lab + " is being changed by PID " + me + " (this process)"
                    + ": wait for it to finish, then run again");
        }
        try {
            return lock(lab, Paths.get(ROOT, lab), me);
        } catch (RuntimeException | Error e) {
            HELD.remove(lab);
            throw e;
        }
    }

    private static Journal lock(String lab, Path dir, long me) {
        Path lockFile = dir.resolve("lock");
        for (int attempt = 1; ; attempt++) {
            FileChannel ch = null;
            try {
                try {
                    Files.createDirectories(dir);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // the run that held the lab removed the directory between the JDK's mkdir
                    // (EEXIST) and its look at what exists: start again
                    continue;
                }
                Object before = fileKey(lockFile);
                if (before == null) {
                    try {
                        Files.createFile(lockFile);
                    } catch (java.nio.file.FileAlreadyExistsException raced) {
                        // made by another run meanwhile: fine
                    }
                    continue;
                }
                ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    // This process holds no lock on the file (HELD), so reading it drops none. A
                    // holder that has just locked it writes its PID an instant later.
                    String holder = "";
                    for (int i = 0; i < 50 && holder.isEmpty(); i++) {
                        if (i > 0) {
                            Applier.sleep(2);
                        }
                        holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).strip();
                    }
                    throw new LabBusyException("lab " + lab + " is being changed by PID " + (holder.isEmpty() ? "?" : holder)
                            + ": wait for it to finish, then run again");
                }
                if (before.equals(fileKey(lockFile))) {
                    ch.truncate(0);
                    ch.write(java.nio.ByteBuffer.wrap(Long.toString(me).getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    FileChannel mine = ch;
                    ch = null;
                    return new Journal(lab, dir, mine, l);
                }
                // removed (and perhaps made anew) by the run that held it: lock the file there now
            } catch (java.nio.file.NoSuchFileException raced) {
                // removed by the run that just finished: start again
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the journal of lab " + lab + " in " + dir, e);
            } finally {
                closeQuietly(ch);
            }
            if (attempt == 100) {
                throw new LabBusyException("lab " + lab + ": its lock file " + lockFile + " keeps being replaced; is another"
                        + " nslab changing the lab again and again? Run again when it is done");
            }
        }
    }

    /** The identity (device and inode) of the file a path names now, read without opening it; null when none. */
    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }

    /** The labs that have a journal, i.e. that were brought up and not yet taken down. */
    public static List<String> labs() {
        Path root = Paths.get(ROOT);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.exists(p.resolve("journal"))).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a lab's journal without taking its lock (for list and show). */
    public static Ownership peek(String lab) {
        return read(lab, Paths.get(ROOT, lab).resolve("journal"));
    }

    /**
     * The labs last brought up from {@code script}: lets {@code down FILE} find its lab without
     * compiling and running the script again. More than one when its parameters name the lab.
     */
    public static List<String> labsOfScript(Path script) {
        String wanted = script.toAbsolutePath().normalize().toString();
        return labs().stream().filter(l -> wanted.equals(scriptOf(l))).toList();
    }

    /**
     * The script lines a lab was last brought up from: {@code script PATH}, then a
     * {@code param NAME=VALUE} line for each parameter value given ({@code -P}).
     */
    static List<String> scriptRecord(String script, Map<String, String> parameters) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("script " + script);
        parameters.forEach((name, value) -> lines.add("param " + name + "=" + value));
        return lines;
    }

    /** The parameter values the lab was last brought up with ({@code -P}), from the lines after its last script line. */
    public static Map<String, String> parametersOf(String lab) {
        Map<String, String> values = new java.util.TreeMap<>();
        for (String line : lines(Paths.get(ROOT, lab).resolve("journal"))) {
            if (line.startsWith("script ")) {
                values.clear();
            } else if (line.startsWith("param ") && line.indexOf('=') > 6) {
                values.put(line.substring(6, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    /** The script a lab was last brought up from (absolute path), if recorded. */
    public static String scriptOf(String lab) {
        Path f = Paths.get(ROOT, lab).resolve("journal");
        String script = null;
        for (String line : lines(f)) {
            if (line.startsWith("script ")) {
                script = line.substring(7);
            }
        }
        return script;
    }

    /** The uplinks the lab changed and has not given back yet, with how they were. */
    List<UplinkOrigin> uplinks() {
        java.util.Map<String, UplinkOrigin> byName = new java.util.LinkedHashMap<>();
        for (String line : lines(dir.resolve("journal"))) {
            if (line.startsWith("uplink\t")) {
                UplinkOrigin o = UplinkOrigin.parse(line);
                byName.putIfAbsent(o.name(), o); // the first record is the state before the lab
            } else if (line.startsWith("-uplink ")) {
                byName.remove(line.substring(8));
            }
        }
        return List.copyOf(byName.values());
    }

    public Ownership ownership() {
        return read(lab, dir.resolve("journal"));
    }

    private static Ownership read(String lab, Path file) {
        Set<String> ns = new LinkedHashSet<>();
        Set<String> links = new LinkedHashSet<>();
        for (String line : lines(file)) {
            if (line.startsWith("ns ")) {
                ns.add(line.substring(3));
            } else if (line.startsWith("-ns ")) {
                ns.remove(line.substring(4));
            } else if (line.startsWith("link ")) {
                links.add(line.substring(5));
            } else if (line.startsWith("-link ")) {
                links.remove(line.substring(6));
            }
        }
        return new Ownership(lab, ns, links);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Appends lines and forces them to storage before the step they announce is taken. */
    public void record(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("journal"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal of lab " + lab, e);
        }
    }

    /** Removes the journal: the lab is gone. */
    public void delete() {
        try {
            Files.deleteIfExists(dir.resolve("journal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Releases the lock. A lab with no journal left is gone: its lock file is removed first,
     * while the lock is still held (see {@link #open}), then its directory if nothing else is in it.
     */
    @Override
    public void close() {
        try {
            boolean gone = !Files.exists(dir.resolve("journal"));
            if (gone) {
                Files.deleteIfExists(dir.resolve("lock"));
            }
            try {
                lock.release();
                lockChannel.close();
            } finally {
                HELD.remove(lab);
            }
            if (gone) {
                try (Stream<Path> rest = Files.list(dir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                } catch (java.nio.file.NoSuchFileException | java.nio.file.DirectoryNotEmptyException raced) {
                    // another run came in meanwhile: the directory is its own now
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another process is changing the same lab. */
    public static final class LabBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LabBusyException(String message) {
            super(message);
        }
    }
}
