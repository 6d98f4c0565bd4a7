package dev.nslab.apply;

import dev.nslab.model.Addresses;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Topology;
import dev.nslab.netns.NamedNamespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names: every lab namespace reaches the others by name ({@code nslab exec h1 ping h2}). For each
 * namespace nslab writes {@code /etc/netns/NS/hosts}, which {@code ip netns exec}, {@code nslab
 * exec} and spawns bind over {@code /etc/hosts}: localhost, then every address the lab declares,
 * each with the name of its namespace.
 * <p>
 * nslab touches only files it wrote: each starts with {@link #MARK}; a file without it is left as
 * it is (with a warning), a symbolic link (the file or the namespace's directory) is refused, and
 * a file is replaced by a rename of a fresh one, never written through. {@code down} removes the
 * file, and the namespace's directory when that leaves it empty.
 */
public final class Hosts {
    private static final Logger LOG = LoggerFactory.getLogger(Hosts.class);
    /** The first line of every file nslab writes, and what tells them apart from anyone else's. */
    public static final String MARK = "# written by nslab";
    static final Path ROOT = Paths.get("/etc/netns");

    private Hosts() {
    }

    /** @return the file of namespace {@code ns} */
    public static Path fileOf(String ns) {
        return ROOT.resolve(ns).resolve("hosts");
    }

    /**
     * Writes the hosts file of every declared namespace that exists, and removes nslab's file of
     * each namespace in {@code owned} that exists no more.
     */
    static void sync(Topology lab, Collection<String> owned) {
        byte[] text = text(lab).getBytes(StandardCharsets.UTF_8);
        Set<String> present = new HashSet<>(NamedNamespaces.list());
        // One listing tells which namespaces have a directory yet: a new lab's have none, and
        // need no lstat that fails (each a NoSuchFileException with its stack trace).
        String[] listed = ROOT.toFile().list();
        Set<String> directories = listed == null ? Set.of() : new HashSet<>(Arrays.asList(listed));
        for (Namespace ns : lab.declaredNamespaces()) {
            if (present.contains(ns.name())) {
                write(ns.name(), text, directories.contains(ns.name()));
            }
        }
        for (String ns : owned) {
            if (!present.contains(ns)) {
                remove(ns);
            }
        }
    }

    /** Removes nslab's hosts file of each namespace (if nslab wrote it), and their directories once empty. */
    static void removeAll(Collection<String> namespaces) {
        namespaces.forEach(Hosts::remove);
    }

    static String text(Topology lab) {
        StringBuilder s = new StringBuilder(MARK + " for lab " + lab.labName() + " (" + lab.file()
                + "); nslab down " + lab.labName() + " removes it\n");
        s.append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        // One pass over the links (asking each namespace for its interfaces would be a pass per
        // namespace: quadratic in a star of 500), then the lines in the namespaces' order.
        Map<String, StringBuilder> lines = new LinkedHashMap<>();
        lab.declaredNamespaces().forEach(ns -> lines.put(ns.name(), new StringBuilder()));
        for (Link link : lab.links()) {
            for (LinkAttrs end : link.ends()) {
                StringBuilder in = lines.get(end.namespace());
                if (in != null) {
                    for (Prefix p : end.addresses()) {
                        in.append(Addresses.format(p.address())).append('\t').append(end.namespace()).append('\n');
                    }
                }
            }
        }
        lines.values().forEach(s::append);
        return s.toString();
    }

    private static void write(String ns, byte[] wanted, boolean listed) {
        Path dir = ROOT.resolve(ns);
        Path file = dir.resolve("hosts");
        try {
            // At most one lstat each for the directory and the file (a lab of 500 namespaces writes 500 files).
            BasicFileAttributes d = listed ? attributesOf(dir) : null;
            BasicFileAttributes f = d == null ? null : attributesOf(file);
            if (d != null && d.isSymbolicLink() || f != null && f.isSymbolicLink()) {
                LOG.warn("{} is a symbolic link: nslab does not write through it; namespace {} gets no names",
                        d.isSymbolicLink() ? dir : file, ns);
                return;
            }
            if (f != null) {
                byte[] head = f.isRegularFile() ? head(file, Math.max(wanted.length, MARK.length())) : new byte[0];
                if (!marked(head)) {
                    LOG.warn("{} was not written by nslab (its first line is not '{}'): left as it is; namespace {} gets no names from nslab",
                            file, MARK, ns);
                    return;
                }
                if (f.size() == wanted.length && Arrays.equals(head, wanted)) {
                    return;
                }
            }
            if (d == null) {
                Files.createDirectories(dir);
            }
            Path fresh = dir.resolve(".hosts.nslab-" + ProcessHandle.current().pid());
            Files.deleteIfExists(fresh);
            Files.write(fresh, wanted, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The path's own attributes (a link is not followed); null when there is nothing there. */
    private static BasicFileAttributes attributesOf(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException none) {
            return null;
        }
    }

    /** Up to {@code max} bytes from the start of a file: enough to compare, never a whole stranger's file. */
    private static byte[] head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(max);
        }
    }

    private static void remove(String ns) {
        Path dir = ROOT.resolve(ns);
        Path file = dir.resolve("hosts");
        try {
            BasicFileAttributes d = attributesOf(dir);
            BasicFileAttributes f = d == null || d.isSymbolicLink() ? null : attributesOf(file);
            if (f == null || !f.isRegularFile() || !marked(head(file, MARK.length()))) {
                return;
            }
            Files.delete(file);
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException keep) {
                // someone else's files are in it
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }

    private static boolean marked(byte[] head) {
        return new String(head, StandardCharsets.UTF_8).startsWith(MARK);
    }
}
