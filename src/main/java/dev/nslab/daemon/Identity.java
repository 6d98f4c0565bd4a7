package dev.nslab.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a process lives: its network and mount namespace, root and working directory, each as
 * the (device, inode) of what its {@code /proc/PID} link leads to. A daemon serves only clients
 * whose identity is its own.
 */
record Identity(Object net, Object mnt, Object root, Object cwd) {
    static Identity of(String pid) {
        Path proc = Paths.get("/proc", pid);
        return new Identity(key(proc.resolve("ns/net")), key(proc.resolve("ns/mnt")), key(proc.resolve("root")),
                key(proc.resolve("cwd")));
    }

    static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
