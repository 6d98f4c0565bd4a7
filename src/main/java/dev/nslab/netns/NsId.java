package dev.nslab.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Identity of a namespace file: (st_dev, st_ino), read while the namespace is open. Inode
 * numbers are reused once a namespace is gone, so an identity is only compared while something
 * holds the namespace (docs/kernel-facts.md, "Finding processes").
 */
record NsId(long dev, long ino) {
    static NsId of(Path nsLink) throws IOException {
        Map<String, Object> a = Files.readAttributes(nsLink, "unix:dev,ino"); // one stat(2)
        return new NsId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
    }

    static NsId of(NetnsHandle held) {
        try {
            // The handle's fd keeps the namespace, and so its inode number, from being reused meanwhile.
            return of(Paths.get("/proc/self/fd/" + held.fd()));
        } catch (IOException e) {
            throw new NamespaceException("cannot identify " + held + ": " + e.getMessage(), e);
        }
    }
}
