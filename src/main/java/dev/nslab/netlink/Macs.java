package dev.nslab.netlink;

/** MAC addresses as text and bytes. */
public final class Macs {
    private Macs() {
    }

    public static String format(byte[] mac) {
        if (mac == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(String.format("%02x", mac[i] & 0xff));
        }
        return s.toString();
    }

    /** Parses "02:00:00:00:00:01"; throws IllegalArgumentException naming the text. */
    public static byte[] parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("invalid MAC address '" + text + "': expected six hex pairs like 02:00:00:00:00:01");
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9A-Fa-f]{2}")) {
                throw new IllegalArgumentException("invalid MAC address '" + text + "': '" + parts[i] + "' is not a hex pair");
            }
            mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return mac;
    }
}
