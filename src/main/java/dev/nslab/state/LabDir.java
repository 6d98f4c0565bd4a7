package dev.nslab.state;

import dev.nslab.sys.Fds;
import dev.nslab.sys.SafeFiles;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * A lab's directory under the state root ({@code /run/nslab/LAB}), held open: every file in it
 * (journal, lock, spawn records and logs) is opened relative to this fd, never through a link,
 * made with a fixed mode whatever the umask (directories 0755, files 0644) and refused when it
 * is someone else's or others may write it ({@link SafeFiles}).
 */
public final class LabDir implements AutoCloseable {
    static final int DIR_MODE = 0755;
    static final int FILE_MODE = 0644;
    private final String lab;
    private final int fd;

    private LabDir(String lab, int fd) {
        this.lab = lab;
        this.fd = fd;
    }

    /**
     * Opens the lab's directory, making it (and the state root) when {@code create} is set;
     * null when it does not exist otherwise.
     */
    public static LabDir open(String lab, boolean create) {
        requireName(lab);
        int root = Labs.openRoot(create);
        if (root < 0) {
            return null;
        }
        try {
            int fd = SafeFiles.openDirectoryAt(root, lab, Labs.ROOT + "/" + lab, DIR_MODE, create);
            return fd < 0 ? null : new LabDir(lab, fd);
        } finally {
            Fds.closeQuietly(root);
        }
    }

    /** A lab name becomes a path component: never one that leaves the state root. */
    static void requireName(String lab) {
        if (!isName(lab)) {
            throw new IllegalArgumentException("'" + lab + "' is not a lab name: a lab name is one path component");
        }
    }

    static boolean isName(String lab) {
        return lab != null && !lab.isEmpty() && !lab.equals(".") && !lab.equals("..") && !lab.contains("/") && lab.indexOf('\0') < 0;
    }

    public String lab() {
        return lab;
    }

    int fd() {
        return fd;
    }

    /** The path of a file of the lab's (for messages and for ps). */
    public Path path(String name) {
        return Paths.get(Labs.ROOT, lab, name);
    }

    /** The whole of a file of the lab's; "" when it does not exist. */
    public String read(String name) {
        int f = SafeFiles.openFileAt(fd, name, path(name).toString(), Fds.O_RDONLY, 0);
        if (f < 0) {
            return "";
        }
        try {
            return SafeFiles.readAll(f);
        } finally {
            Fds.closeQuietly(f);
        }
    }

    public boolean exists(String name) {
        return SafeFiles.statAt(fd, name) != null;
    }

    /** Appends {@code text} to a file of the lab's (made 0644 when missing) and forces it to storage. */
    public void append(String name, String text) {
        int f = openForAppend(name);
        try {
            SafeFiles.append(f, text);
            SafeFiles.fsync(f);
        } finally {
            Fds.closeQuietly(f);
        }
    }

    /** Opens a file of the lab's for appending, made 0644 when missing: a spawn's log, the journal. */
    public int openForAppend(String name) {
        return SafeFiles.openFileAt(fd, name, path(name).toString(), Fds.O_WRONLY | SafeFiles.O_APPEND | Fds.O_CREAT, FILE_MODE);
    }

    /** Removes a file of the lab's; false when it was not there. */
    public boolean remove(String name) {
        return SafeFiles.unlinkAt(fd, name, false);
    }

    public List<String> names() {
        return SafeFiles.list(fd);
    }

    @Override
    public void close() {
        Fds.closeQuietly(fd);
    }
}
