package dev.nslab.dsl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiled lab scripts kept on disk, keyed by content, so that a command-line run of an unchanged
 * script skips Groovy's compiler: about 0.7 s of a 1-2 s run.
 * <p>
 * nslab runs as root, and whoever can write this directory could make nslab run their code. So
 * the directory and each entry must belong to the user nslab runs as, be writable by nobody else
 * and not be a symlink; an entry that fails a check is ignored (logged at debug level), and the
 * script is compiled as if there were no cache. The key covers the script's text and the nslab,
 * Groovy and Java builds that compiled it, so an upgrade never runs stale bytecode. At most
 * {@value #MAX_ENTRIES} entries are kept; the least recently used go first.
 * <p>
 * Where: {@code $NSLAB_SCRIPT_CACHE} if set ({@code off} disables the cache), else
 * {@code $XDG_CACHE_HOME/nslab/scripts}, else {@code ~/.cache/nslab/scripts}.
 */
public final class CompiledScriptCache {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompiledScriptCache.class);

    /** The environment variable naming the directory, or {@code off}. */
    public static final String ENVIRONMENT_VARIABLE = "NSLAB_SCRIPT_CACHE";
    static final int MAX_ENTRIES = 64;
    private static final String MAGIC = "nslab compiled script 2";
    private static final String SUFFIX = ".classes";
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path directory;
    private final String build;

    private CompiledScriptCache(Path directory) {
        this.directory = directory;
        this.build = buildIdentity();
    }

    /** A cache in {@code directory}, made (mode 0700) on first write. */
    public static CompiledScriptCache in(Path directory) {
        return new CompiledScriptCache(directory);
    }

    /** The cache the environment names (see the class comment), or null if it is turned off or there is no home. */
    public static CompiledScriptCache fromEnvironment() {
        String chosen = dev.nslab.sys.Environment.get(ENVIRONMENT_VARIABLE); // the command's: a daemon's client's
        if (chosen != null && !chosen.isBlank()) {
            return chosen.equals("off") ? null : in(Path.of(chosen));
        }
        String xdg = dev.nslab.sys.Environment.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return in(Path.of(xdg, "nslab", "scripts"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : in(Path.of(home, ".cache", "nslab", "scripts"));
    }

    public Path directory() {
        return directory;
    }

    /** The classes compiled from {@code text} (by binary name), or null if there is no usable entry. */
    Map<String, byte[]> read(String text) {
        Path entry = entryFor(text);
        try {
            if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            String refusal = refusal(directory, true);
            if (refusal == null) {
                refusal = refusal(entry, false);
            }
            if (refusal != null) {
                LOG.debug("script cache entry {} not used: {}", entry, refusal);
                return null;
            }
            Map<String, byte[]> classes = decode(Files.readAllBytes(entry));
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return classes;
        } catch (IOException | RuntimeException e) {
            LOG.debug("script cache entry {} not used: {}", entry, e.toString());
            return null;
        }
    }

    /** Keeps the classes compiled from {@code text}; a failure only costs the next run a compile. */
    void write(String text, Map<String, byte[]> classes) {
        Path entry = entryFor(text);
        Path part = null;
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            String refusal = refusal(directory, true);
            if (refusal != null) {
                LOG.debug("script cache {} not written: {}", directory, refusal);
                return;
            }
            // Written aside, then renamed: a reader sees the whole entry or none.
            part = Files.createTempFile(directory, "part-", ".tmp");
            Files.write(part, encode(classes));
            Files.move(part, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            part = null;
            prune();
        } catch (IOException | RuntimeException e) {
            LOG.debug("script cache {} not written: {}", directory, e.toString());
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a stray part file is never read: only *.classes entries are
                }
            }
        }
    }

    /** Forgets an entry whose classes the JVM refused (a truncated or damaged file). */
    void forget(String text) {
        try {
            Files.deleteIfExists(entryFor(text));
        } catch (IOException e) {
            LOG.debug("script cache entry not removed: {}", e.toString());
        }
    }

    Path entryFor(String text) {
        return directory.resolve(sha256(build + "\n" + text) + SUFFIX);
    }

    /** Why {@code path} must not be trusted, or null if it is ours alone. */
    private static String refusal(Path path, boolean directory) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return "a symlink";
        }
        if (directory ? !a.isDirectory() : !a.isRegularFile()) {
            return directory ? "not a directory" : "not a regular file";
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            return "owned by uid " + owner + ", not by uid " + self + " that nslab runs as";
        }
        if (a.permissions().stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
            return "writable by group or others (" + PosixFilePermissions.toString(a.permissions()) + ")";
        }
        return null;
    }

    private void prune() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            all.forEach(entries::add);
        }
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        Map<Path, FileTime> used = new LinkedHashMap<>();
        for (Path p : entries) {
            used.put(p, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        }
        entries.sort((x, y) -> used.get(x).compareTo(used.get(y)));
        for (Path old : entries.subList(0, entries.size() - MAX_ENTRIES)) {
            Files.deleteIfExists(old);
        }
    }

    static byte[] encode(Map<String, byte[]> classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(classes.size());
            for (var c : classes.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> decode(byte[] file) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a compiled-script entry");
        }
        int count = in.readInt();
        if (count < 1 || count > 100_000) {
            throw new IOException("damaged entry: " + count + " classes");
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("damaged entry: class " + name + " truncated");
            }
            classes.put(name, in.readNBytes(length));
        }
        return classes;
    }

    /**
     * What produced the bytecode besides the script: nslab's own build (its jar, or its class
     * directory when run from an IDE or a test), Groovy's version and Java's.
     */
    private static String buildIdentity() {
        StringBuilder id = new StringBuilder(MAGIC);
        id.append('|').append(groovy.lang.GroovySystem.getVersion());
        id.append('|').append(System.getProperty("java.vm.version"));
        try {
            var source = NslabScript.class.getProtectionDomain().getCodeSource();
            Path where = source == null ? null : Path.of(source.getLocation().toURI());
            if (where != null && Files.isDirectory(where)) {
                where = where.resolve(NslabScript.class.getName().replace('.', '/') + ".class");
            }
            if (where != null) {
                id.append('|').append(where).append('|').append(Files.size(where))
                        .append('|').append(Files.getLastModifiedTime(where).toMillis());
            }
        } catch (Exception e) {
            id.append("|unknown build ").append(System.nanoTime()); // never matches: no stale reuse
        }
        return id.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
