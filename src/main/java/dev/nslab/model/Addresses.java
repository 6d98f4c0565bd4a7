package dev.nslab.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses and prints IP address literals without ever consulting DNS.
 *
 * <p>{@link InetAddress#getByName} falls back to a name lookup for anything that
 * is not a literal it recognises, so a typo in a lab script could block on the
 * resolver or, worse, silently resolve. Here only literals are accepted: IPv4 as
 * four decimal octets (no leading zeros, which inet_aton would read as octal),
 * IPv6 as RFC 4291 text without a zone.
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @throws IllegalArgumentException with a reason, if {@code text} is not a literal
     */
    public static InetAddress parse(String text) {
        byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses as IPv6, as written.
            return bytes.length == 4
                    ? InetAddress.getByAddress(bytes)
                    : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Prints an address canonically: dotted quad for IPv4, RFC 5952 for IPv6
     * ({@code fd00::1}, lower case, longest zero run compressed).
     */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0
                && groups[4] == 0 && groups[5] == 0xffff) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        byte[] headBytes = groups(head, gap < 0);
        byte[] tailBytes = groups(tail, true);
        if (headBytes == null || tailBytes == null) {
            return null;
        }
        int total = headBytes.length + tailBytes.length;
        if (gap < 0 ? total != 16 : total > 14) {
            return null;
        }
        byte[] out = new byte[16];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(tailBytes, 0, out, 16 - tailBytes.length, tailBytes.length);
        return out;
    }

    private static boolean isAsciiHex(int c) {
        // Character.digit would also take full-width and other Unicode digits.
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Colon-separated hex groups; the last may be a dotted IPv4 address if {@code ipv4Allowed}. */
    private static byte[] groups(String text, boolean ipv4Allowed) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        String[] parts = text.split(":", -1);
        byte[] out = new byte[16];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (ipv4Allowed && i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(p);
                if (v4 == null || n + 4 > 16) {
                    return null;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n + 2 > 16
                    || !p.chars().allMatch(Addresses::isAsciiHex)) {
                return null;
            }
            int v = Integer.parseInt(p, 16);
            out[n++] = (byte) (v >> 8);
            out[n++] = (byte) v;
        }
        byte[] trimmed = new byte[n];
        System.arraycopy(out, 0, trimmed, 0, n);
        return trimmed;
    }
}
