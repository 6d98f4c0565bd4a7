package dev.nslab.netns;

import dev.nslab.sys.Errno;
import dev.nslab.sys.Fds;
import dev.nslab.sys.Sockets;
import dev.nslab.sys.Sys;
import dev.nslab.sys.SysException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ICMP echo ("ping") sent from inside a namespace with nslab's own socket code, IPv4 and IPv6.
 * <p>
 * A raw socket (AF_INET/SOCK_RAW/IPPROTO_ICMP, or AF_INET6/SOCK_RAW/IPPROTO_ICMPV6, where the
 * kernel computes the checksum) is opened inside the namespace, so the echo leaves from there.
 * Ping sockets (SOCK_DGRAM) are not used: a fresh namespace's {@code net.ipv4.ping_group_range}
 * ({@code 1 0}) forbids them even to root. A raw socket sees every ICMP packet of the namespace,
 * so replies are matched by identifier, sequence and source; everything else is skipped
 * (docs/kernel-facts.md, "ICMP").
 */
public final class Icmp {
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int UNREACHABLE_V4 = 3;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;
    private static final int UNREACHABLE_V6 = 1;
    /** 8 bytes of ICMP header and 56 of payload: the size iputils' {@code ping} sends by default. */
    private static final int PACKET = 64;

    private Icmp() {
    }

    /**
     * The outcome of one echo.
     *
     * @param answered true when the target's echo reply came back
     * @param rtt      the round-trip time, when answered
     * @param detail   why not, when not answered: a time-out, an ICMP error and who sent it, or the
     *                 kernel's refusal to send (e.g. ENETUNREACH: no route)
     */
    public record Echo(boolean answered, Duration rtt, String detail) {
        @Override
        public String toString() {
            return answered ? String.format("reply in %.3f ms", rtt.toNanos() / 1e6) : detail;
        }
    }

    /**
     * Sends one ICMP echo request from inside {@code ns} to {@code target} and waits up to
     * {@code timeout} for the matching reply.
     * <p>Equivalent to: {@code ip netns exec $ns ping -c 1 -W $timeout $target}
     */
    public static Echo echo(NetnsHandle ns, InetAddress target, Duration timeout) {
        Objects.requireNonNull(target, "target");
        boolean v6 = target instanceof Inet6Address;
        int fd = InNamespace.call(ns, () -> Sockets.socket(v6 ? Sockets.AF_INET6 : Sockets.AF_INET, Sockets.SOCK_RAW,
                v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP));
        try {
            return echoOn(fd, target, v6, timeout);
        } finally {
            Fds.closeQuietly(fd);
        }
    }

    private static Echo echoOn(int fd, InetAddress target, boolean v6, Duration timeout) {
        int id = ThreadLocalRandom.current().nextInt(1, 0x10000);
        int seq = ThreadLocalRandom.current().nextInt(1, 0x10000);
        ByteBuffer request = request(v6, id, seq);
        int scope = target instanceof Inet6Address a6 ? a6.getScopeId() : 0;
        long sent = System.nanoTime();
        try {
            Sockets.sendTo(fd, request, target.getAddress(), 0, scope);
        } catch (SysException e) {
            return new Echo(false, null, "not sent: " + Errno.name(e.errno()) + " (" + Errno.describe(e.errno()) + ")"
                    + (e.is(Errno.ENETUNREACH) ? ": no route to " + target.getHostAddress() : ""));
        }
        long deadline = sent + timeout.toNanos();
        ByteBuffer in = Sys.allocateNative(1500);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !Fds.pollReadable(fd, (int) Math.max(1, left / 1_000_000))) {
                return new Echo(false, null, "no reply within " + timeout.toMillis() + " ms");
            }
            Sockets.InetDatagram d = Sockets.recvFrom(fd, in);
            if (d == null) {
                continue;
            }
            long now = System.nanoTime();
            ByteBuffer packet = in.duplicate().order(ByteOrder.BIG_ENDIAN);
            packet.position(0).limit(d.length());
            String verdict = match(packet, v6, id, seq, target, d.source());
            if (verdict == null) {
                continue;
            }
            if (verdict.isEmpty()) {
                return new Echo(true, Duration.ofNanos(now - sent), null);
            }
            return new Echo(false, null, verdict);
        }
    }

    /** An echo request: type, code 0, checksum (IPv4 only; the kernel fills it for ICMPv6), id, seq, payload. */
    static ByteBuffer request(boolean v6, int id, int seq) {
        ByteBuffer b = Sys.allocateNative(PACKET).order(ByteOrder.BIG_ENDIAN);
        b.put(0, (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4)).put(1, (byte) 0).putShort(2, (short) 0);
        b.putShort(4, (short) id).putShort(6, (short) seq);
        b.putLong(8, System.currentTimeMillis());
        for (int i = 16; i < PACKET; i++) {
            b.put(i, (byte) i); // iputils' pattern: each byte its own offset
        }
        if (!v6) {
            b.putShort(2, (short) checksum(b, 0, PACKET));
        }
        b.position(0).limit(PACKET);
        return b;
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes from {@code offset}. */
    static int checksum(ByteBuffer b, int offset, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((b.get(offset + i) & 0xff) << 8) | (b.get(offset + i + 1) & 0xff);
        }
        if ((length & 1) != 0) {
            sum += (b.get(offset + length - 1) & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * What a received packet means for our echo: null when it is not about it (skip), "" when it is
     * the reply, or a sentence when it is an ICMP error about our request.
     */
    private static String match(ByteBuffer p, boolean v6, int id, int seq, InetAddress target, byte[] source) {
        int icmp = 0;
        if (!v6) {
            if (p.limit() < 20) {
                return null;
            }
            icmp = (p.get(0) & 0x0f) * 4; // a raw IPv4 socket hands over the IP header too
        }
        if (p.limit() < icmp + 8) {
            return null;
        }
        int type = p.get(icmp) & 0xff;
        int code = p.get(icmp + 1) & 0xff;
        if (type == (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) {
            boolean ours = (p.getShort(icmp + 4) & 0xffff) == id && (p.getShort(icmp + 6) & 0xffff) == seq
                    && java.util.Arrays.equals(source, target.getAddress());
            return ours ? "" : null;
        }
        if (type == (v6 ? UNREACHABLE_V6 : UNREACHABLE_V4)) {
            // the error quotes our request: its IP header, then at least 8 bytes of our ICMP header
            int inner = icmp + 8;
            int innerIcmp;
            if (v6) {
                innerIcmp = inner + 40;
            } else {
                if (p.limit() < inner + 20) {
                    return null;
                }
                innerIcmp = inner + (p.get(inner) & 0x0f) * 4;
            }
            if (p.limit() < innerIcmp + 8 || (p.getShort(innerIcmp + 4) & 0xffff) != id
                    || (p.getShort(innerIcmp + 6) & 0xffff) != seq) {
                return null;
            }
            return unreachable(v6, code) + " (ICMP from " + format(source) + ")";
        }
        return null;
    }

    private static String unreachable(boolean v6, int code) {
        if (v6) {
            return switch (code) {
                case 0 -> "no route to destination";
                case 1 -> "administratively prohibited";
                case 3 -> "address unreachable";
                case 4 -> "port unreachable";
                default -> "destination unreachable, code " + code;
            };
        }
        return switch (code) {
            case 0 -> "network unreachable";
            case 1 -> "host unreachable";
            case 3 -> "port unreachable";
            case 13 -> "communication administratively prohibited";
            default -> "destination unreachable, code " + code;
        };
    }

    private static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException impossible) {
            return "?";
        }
    }
}
