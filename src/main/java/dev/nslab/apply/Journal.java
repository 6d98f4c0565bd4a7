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
     */
    public static Journal open(String lab) {
        Path dir = Paths.get(ROOT, lab);
        try {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve("lock");
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).strip();
                ch.close();
                throw new LabBusyException("lab " + lab + " is being changed by PID " + (holder.isEmpty() ? "?" : holder)
                        + ": wait for it to finish, then run again");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            return new Journal(lab, dir, ch, l);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal of lab " + lab + " in " + dir, e);
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
     * The lab last brought up from {@code script}, if any: lets {@code down FILE} find its lab
     * without compiling and running the script again.
     */
    public static java.util.Optional<String> labOfScript(Path script) {
        String wanted = script.toAbsolutePath().normalize().toString();
        return labs().stream().filter(l -> wanted.equals(scriptOf(l))).findFirst();
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

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
            if (!Files.exists(dir.resolve("journal"))) {
                try (Stream<Path> rest = Files.list(dir)) {
                    for (Path p : rest.toList()) {
                        if (p.getFileName().toString().equals("lock")) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                try (Stream<Path> rest = Files.list(dir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
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
