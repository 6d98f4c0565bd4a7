package dev.nslab.apply;

import dev.nslab.model.Addresses;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Topology;
import dev.nslab.netns.NamedNamespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

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
        String text = text(lab);
        List<String> present = NamedNamespaces.list();
        for (Namespace ns : lab.declaredNamespaces()) {
            if (present.contains(ns.name())) {
                write(ns.name(), text);
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
        for (Namespace ns : lab.declaredNamespaces()) {
            for (LinkAttrs i : lab.interfacesIn(ns.name())) {
                for (Prefix p : i.addresses()) {
                    s.append(Addresses.format(p.address())).append('\t').append(ns.name()).append('\n');
                }
            }
        }
        return s.toString();
    }

    private static void write(String ns, String text) {
        Path dir = ROOT.resolve(ns);
        Path file = dir.resolve("hosts");
        try {
            if (Files.isSymbolicLink(dir) || Files.isSymbolicLink(file)) {
                LOG.warn("{} is a symbolic link: nslab does not write through it; namespace {} gets no names", 
                        Files.isSymbolicLink(dir) ? dir : file, ns);
                return;
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !ours(file)) {
                LOG.warn("{} was not written by nslab (its first line is not '{}'): left as it is; namespace {} gets no names from nslab",
                        file, MARK, ns);
                return;
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                return;
            }
            Files.createDirectories(dir);
            Path fresh = dir.resolve(".hosts.nslab-" + ProcessHandle.current().pid());
            Files.deleteIfExists(fresh);
            Files.writeString(fresh, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void remove(String ns) {
        Path dir = ROOT.resolve(ns);
        Path file = dir.resolve("hosts");
        try {
            if (Files.isSymbolicLink(dir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ours(file)) {
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

    private static boolean ours(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.startsWith(MARK);
        }
    }
}
