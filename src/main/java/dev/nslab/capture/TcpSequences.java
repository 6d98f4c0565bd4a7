package dev.nslab.capture;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tcpdump's relative sequence numbers ({@code print-tcp.c}, without -S): the first segment of a
 * conversation that carries an ACK (or any later SYN) records both sides' initial numbers and
 * is printed absolute; later segments print {@code seq} and {@code ack} relative to them. Both
 * directions share one entry, keyed with the smaller port first (the addresses when the ports
 * are equal). At most {@value #MAX_CONVERSATIONS} conversations are remembered, the oldest
 * forgotten first (tcpdump remembers all).
 */
final class TcpSequences {
    private static final int MAX_CONVERSATIONS = 65536;

    /** What a segment's numbers print as, and the initial numbers a SACK block is made relative to. */
    record Relative(long seq, long ack, boolean reversed, long initialSeq, long initialAck) {
        /** A segment without ACK: printed as sent, a SACK block too. */
        static Relative absolute(long seq, long ack) {
            return new Relative(seq, ack, false, 0, 0);
        }
    }

    private record Key(byte[] src, byte[] dst, int ports) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.ports == ports && Arrays.equals(k.src, src) && Arrays.equals(k.dst, dst);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(src) + Arrays.hashCode(dst)) + ports;
        }
    }

    private static final class Initial {
        long seq;
        long ack;
    }

    private final Map<Key, Initial> conversations = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Initial> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    /**
     * The numbers to print for a segment with the ACK flag, {@code seq} and {@code ack} as sent,
     * between the addresses of {@code ip} (in {@code bytes}).
     */
    Relative relative(IpDecoder.IpHeader ip, Bytes bytes, int sport, int dport, long seq, long ack, boolean syn) {
        int addressLength = ip.version() == 4 ? 4 : 16;
        int srcOffset = ip.at() + (ip.version() == 4 ? 12 : 8);
        byte[] src = bytes.slice(srcOffset, addressLength);
        byte[] dst = bytes.slice(srcOffset + addressLength, addressLength);
        boolean reversed = sport > dport || (sport == dport && Arrays.compareUnsigned(src, dst) > 0);
        Key key = reversed ? new Key(dst, src, (dport << 16) | sport) : new Key(src, dst, (sport << 16) | dport);
        Initial initial = conversations.get(key);
        if (initial == null || syn) {
            if (initial == null) {
                initial = new Initial();
                conversations.put(key, initial);
            }
            if (reversed) {
                initial.ack = seq;
                initial.seq = (ack - 1) & 0xffffffffL;
            } else {
                initial.seq = seq;
                initial.ack = (ack - 1) & 0xffffffffL;
            }
            return new Relative(seq, ack, reversed, initial.seq, initial.ack);
        }
        long printedSeq = (seq - (reversed ? initial.ack : initial.seq)) & 0xffffffffL;
        long printedAck = (ack - (reversed ? initial.seq : initial.ack)) & 0xffffffffL;
        return new Relative(printedSeq, printedAck, reversed, initial.seq, initial.ack);
    }
}
