package dev.nslab.daemon;

import dev.nslab.sys.Fds;
import dev.nslab.sys.Sys;
import dev.nslab.sys.UnixSockets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code nslab-client} (src/main/c) and the daemon say to each other, apart from how the
 * daemon accepts them: one request, then reply words.
 * <p>
 * The request: a 4-byte length (native order), then NUL-terminated fields {@code nslab-1},
 * {@code run}, {@code tty=ABC umask=OOOO}, argc, the arguments, envc, the {@code NAME=value}
 * pairs; with the client's descriptors 0, 1, 2 (SCM_RIGHTS) on its first bytes. The replies are
 * 4-byte words: {@link #STARTED} when the daemon takes the command, then its exit status; or
 * {@link #DECLINED} alone.
 */
public final class Protocol {
    /** First reply word: the daemon has taken the command (an end of stream after it is a failure). */
    public static final int STARTED = 0x20000;
    /** The only reply: not here; the client runs nslab in a JVM of its own. Nothing was done. */
    public static final int DECLINED = 0x10000;
    /** The longest request taken: a command line and an environment fit well within it. */
    static final int MAX_REQUEST = 4 << 20;

    private Protocol() {
    }

    /** Sends one reply word. */
    static void reply(int conn, int word) {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(word).array();
        Fds.writeFully(conn, b, 0, 4);
    }

    /**
     * One client's command. {@code umask} is what the client had; the daemon does not apply it
     * (its files' modes are fixed, docs/daemon.md).
     */
    public record Request(String[] args, Map<String, String> env, boolean terminal, int umask, int[] fds) {
        /**
         * Reads a request from {@code conn} (whose receive timeout bounds a slow client).
         *
         * @throws IllegalArgumentException if it is not a whole, well-formed request
         */
        static Request read(int conn) {
            ByteBuffer buf = Sys.allocateNative(64 * 1024);
            UnixSockets.Received first = UnixSockets.receiveWithFds(conn, buf, 8);
            int[] fds = first.fds();
            try {
                if (first.length() < 4) {
                    throw new IllegalArgumentException("short request");
                }
                int length = buf.order(ByteOrder.nativeOrder()).getInt(0);
                if (length < 0 || length > MAX_REQUEST) {
                    throw new IllegalArgumentException("request of " + length + " bytes");
                }
                if (4 + length > buf.capacity()) {
                    ByteBuffer bigger = Sys.allocateNative(4 + length);
                    bigger.put(0, buf, 0, first.length());
                    buf = bigger;
                }
                int have = first.length();
                while (have < 4 + length) {
                    int n = Fds.read(conn, buf, have, 4 + length - have);
                    if (n == 0) {
                        throw new IllegalArgumentException("request cut short");
                    }
                    have += n;
                }
                byte[] bytes = new byte[length];
                buf.get(4, bytes);
                return parse(bytes, fds);
            } catch (RuntimeException e) {
                for (int fd : fds) {
                    Fds.closeQuietly(fd);
                }
                throw e;
            }
        }

        /** The fields of a request (its bytes after the length). */
        static Request parse(byte[] bytes, int[] fds) {
            List<String> fields = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    fields.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (fields.size() < 5 || !fields.get(0).equals("nslab-1") || !fields.get(1).equals("run")) {
                throw new IllegalArgumentException("not an nslab-1 run request");
            }
            boolean terminal = false;
            int umask = 0022;
            for (String flag : fields.get(2).split(" ")) {
                if (flag.startsWith("tty=") && flag.length() == 7) {
                    terminal = flag.charAt(4) == '1' && flag.charAt(5) == '1';
                } else if (flag.startsWith("umask=")) {
                    umask = Integer.parseInt(flag.substring(6), 8) & 0777;
                }
            }
            int argc = Integer.parseInt(fields.get(3));
            int at = 4;
            if (argc < 0 || at + argc >= fields.size()) {
                throw new IllegalArgumentException("argc " + argc + " of " + fields.size() + " fields");
            }
            String[] args = fields.subList(at, at + argc).toArray(new String[0]);
            at += argc;
            int envc = Integer.parseInt(fields.get(at++));
            if (envc < 0 || at + envc > fields.size()) {
                throw new IllegalArgumentException("envc " + envc + " of " + fields.size() + " fields");
            }
            Map<String, String> env = new HashMap<>();
            for (String pair : fields.subList(at, at + envc)) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    env.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return new Request(args, env, terminal, umask, fds);
        }

        void closeFds() {
            for (int fd : fds) {
                Fds.closeQuietly(fd);
            }
        }
    }
}
