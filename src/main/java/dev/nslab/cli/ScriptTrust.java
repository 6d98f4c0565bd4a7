package dev.nslab.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --trust}, on every command that runs a script. A lab script is Groovy code, and nslab
 * runs it as root; so, run as root, nslab refuses a script that someone else could have changed:
 * one whose file, or any directory on its way from {@code /} (as given, and after symlinks are
 * resolved), is writable by group or others (a directory with the sticky bit, like /tmp, is fine),
 * or is owned by anyone but root and the user who ran {@code sudo} ({@code SUDO_UID}). {@code
 * --trust} runs it anyway. Run as another user, the script can do no more than that user can, and
 * nothing is checked. POSIX ACLs are not looked at.
 */
final class ScriptTrust {
    @Option(names = "--trust", description = "Run the script even though others could have changed it"
            + " (as root, nslab refuses a script that group or others can write: a script is code that runs as root).")
    boolean trust;

    /** @throws IllegalArgumentException naming what others can write, unless trusted or not root */
    void require(Path script) {
        if (trust || effectiveUid() != 0) {
            return;
        }
        List<String> why = new ArrayList<>();
        try {
            Path given = script.toAbsolutePath().normalize();
            inspect(given, why);
            Path real = script.toRealPath();
            if (!real.equals(given)) {
                inspect(real, why);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(script + ": cannot check who may change it: " + e.getMessage(), e);
        }
        if (!why.isEmpty()) {
            throw new IllegalArgumentException(script + ": refusing to run it as root: " + String.join("; ", why.stream().distinct().toList())
                    + ". A script is code, and nslab runs it as root: make it and its directories writable by their owner only"
                    + " (chmod go-w), or pass --trust if you trust everyone who can change it");
        }
    }

    /** The file and each directory above it. */
    private static void inspect(Path file, List<String> why) throws IOException {
        int invoker = invokingUid();
        Path p = file;
        boolean isFile = true;
        while (p != null) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int uid = (Integer) a.get("uid");
            boolean symlink = Files.isSymbolicLink(p);
            String what = (isFile ? (symlink ? "the symlink " : "") : "its directory ") + p;
            if (uid != 0 && uid != invoker) {
                why.add(what + " belongs to uid " + uid);
            }
            boolean othersWrite = (mode & 0022) != 0;
            boolean sticky = (mode & 01000) != 0;
            if (othersWrite && !symlink && (isFile || !sticky)) {
                why.add(what + " is writable by " + ((mode & 0002) != 0 ? "everyone" : "its group")
                        + " (mode " + String.format("%04o", mode & 07777) + ")");
            }
            p = p.getParent();
            isFile = false;
        }
    }

    /** The effective uid, from /proc/self/status ({@code Uid: real effective saved fs}). */
    static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0; // cannot tell: check, as if root
        }
        return 0;
    }

    /** The user who ran sudo, whose own script is not someone else's; -1 when not under sudo. */
    private static int invokingUid() {
        try {
            String v = dev.nslab.sys.Environment.get("SUDO_UID");
            return v == null ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
