package dev.nslab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replies of kernel 6.18 to iproute2 6.1, byte for byte, taken from the specs' own captures:
 * src/test/groovy/dev/nslab/netlink/nl/Iproute2Captures.groovy (which says how they were taken),
 * packaged into the benchmarks jar by bench/jmh/pom.xml and read here, since this project cannot
 * compile the Groovy test classes. Host order is little-endian: they decode only on a
 * little-endian machine, which {@link #inReceiveBuffer} checks.
 */
final class KernelReplies {

    /** One message of `ip link show type veth`: veth3, its peer in namespace id 0 (1504 bytes). */
    static final String LINK_DUMP_VETH3 = capture("LINK_DUMP_VETH3");

    /** The ack of `ip link add veth1 type veth peer name veth2`, capped to the request header. */
    static final String ACK = capture("ACK");

    /** A second `ip addr add 10.0.0.1/24 dev veth1`: EEXIST, "ipv4: Address already assigned". */
    static final String ERROR_ADDRESS_EXISTS = capture("ERROR_ADDRESS_EXISTS");

    private KernelReplies() {
    }

    /** The hex of {@code static final String NAME = """ ... """} in the captures file. */
    private static String capture(String name) {
        try (InputStream in = KernelReplies.class.getResourceAsStream("Iproute2Captures.groovy")) {
            if (in == null) {
                throw new IllegalStateException("Iproute2Captures.groovy is not in the benchmarks jar: rebuild it (bench/codec)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("static final String " + name + " = \"\"\"([0-9a-fA-F\\s]*)\"\"\"").matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("no capture " + name + " in Iproute2Captures.groovy");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    /**
     * The bytes in a direct, host-order buffer, as NetlinkSocket's receive buffer holds a
     * datagram: decoding reads through the same kind of ByteBuffer it reads in nslab.
     */
    static ByteBuffer inReceiveBuffer(String hex) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the captures are little-endian; this machine is not");
        }
        byte[] bytes = bytes(hex);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
        buffer.put(bytes).flip();
        return buffer;
    }
}
