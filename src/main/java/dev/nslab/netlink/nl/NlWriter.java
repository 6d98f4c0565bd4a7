package dev.nslab.netlink.nl;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer that writes netlink messages the way iproute2's {@code addattr_l} and the
 * kernel's {@code nla_put} do: every attribute starts aligned and its padding counts towards the
 * enclosing nest and message, but not towards its own nla_len.
 *
 * <p>Several messages may be written one after another to form a batch for one {@code sendmsg}.
 *
 * <pre>{@code
 * int msg = w.beginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0);
 * w.put(IfInfoMsg.ofIndex(index));
 * w.put(Ifla.MTU, 1400);
 * w.endMessage(msg);
 * }</pre>
 */
public final class NlWriter {

    private ByteBuffer buf;

    public NlWriter() {
        this(4096);
    }

    public NlWriter(int initialCapacity) {
        buf = NlAlign.hostOrder(new byte[Math.max(initialCapacity, NlMsgHdr.SIZE)]);
    }

    /** Writes a header whose nlmsg_len {@link #endMessage} fills in; returns where the message starts. */
    public int beginMessage(int type, int flags, int seq, int pid) {
        pad();
        int start = buf.position();
        ensure(NlMsgHdr.SIZE);
        new NlMsgHdr(0, type, flags, seq, pid).write(buf);
        return start;
    }

    public void endMessage(int start) {
        buf.putInt(start, buf.position() - start);
    }

    /** Copies a header verbatim, as NLMSG_ERROR echoes the request's. */
    public void put(NlMsgHdr header) {
        ensure(NlMsgHdr.SIZE);
        header.write(buf);
    }

    public void put(IfInfoMsg ifi) {
        ensure(IfInfoMsg.SIZE);
        ifi.write(buf);
    }

    public void put(IfAddrMsg ifa) {
        ensure(IfAddrMsg.SIZE);
        ifa.write(buf);
    }

    public void put(RtMsg rtm) {
        ensure(RtMsg.SIZE);
        rtm.write(buf);
    }

    public void put(TcMsg tcm) {
        ensure(TcMsg.SIZE);
        tcm.write(buf);
    }

    /** A host-order 32-bit value, such as the error code of NLMSG_ERROR and NLMSG_DONE. */
    public void putS32(int value) {
        ensure(4);
        buf.putInt(value);
    }

    /** Raw bytes, not padded: a message ending in them gets an nlmsg_len that counts only them. */
    public void putBytes(byte[] bytes) {
        ensure(bytes.length);
        buf.put(bytes);
    }

    public void attr(int type, byte[] value) {
        if (value.length > Attr.MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("attribute " + (type & Rtnl.NLA_TYPE_MASK) + ": "
                    + value.length + " bytes do not fit nla_len");
        }
        pad();
        ensure(4 + value.length);
        buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
    }

    public void attrU8(int type, int value) {
        attr(type, new byte[] {(byte) value});
    }

    public void attrU16(int type, int value) {
        byte[] bytes = new byte[2];
        NlAlign.hostOrder(bytes).putShort(0, (short) value);
        attr(type, bytes);
    }

    public void attrU32(int type, int value) {
        byte[] bytes = new byte[4];
        NlAlign.hostOrder(bytes).putInt(0, value);
        attr(type, bytes);
    }

    public void attrU64(int type, long value) {
        byte[] bytes = new byte[8];
        NlAlign.hostOrder(bytes).putLong(0, value);
        attr(type, bytes);
    }

    /** For network-order attributes such as IFLA_VXLAN_PORT. */
    public void attrU16BigEndian(int type, int value) {
        byte[] bytes = new byte[2];
        NlAlign.networkOrder(bytes).putShort(0, (short) value);
        attr(type, bytes);
    }

    /** UTF-8 with a terminating NUL, as iproute2 sends IFLA_IFNAME. */
    public void attrString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        attr(type, Arrays.copyOf(text, text.length + 1));
    }

    /** UTF-8 without a NUL, as iproute2 sends IFLA_INFO_KIND and IFLA_IFALIAS. */
    public void attrStringNoNul(int type, String value) {
        attr(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The address's raw 4 or 16 bytes, in network order as the kernel keeps them. */
    public void attrAddress(int type, InetAddress address) {
        attr(type, address.getAddress());
    }

    /** A zero-length attribute whose presence is the value (NLA_FLAG). */
    public void attrFlag(int type) {
        attr(type, new byte[0]);
    }

    /**
     * Opens a nest; returns where it starts, for {@link #endNest}. NLA_F_NESTED is not added: pass
     * {@code type | Rtnl.NLA_F_NESTED} where the kernel wants it (iproute2 leaves it off for rtnetlink).
     */
    public int beginNest(int type) {
        pad();
        int start = buf.position();
        ensure(4);
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    public void endNest(int start) {
        int length = buf.position() - start;
        if (length > 0xffff) {
            throw new IllegalStateException("nest at " + start + " holds " + length + " bytes, more than nla_len can say");
        }
        buf.putShort(start, (short) length);
    }

    /** Writes {@code value} as the attribute {@code nla} describes. */
    public <V> void put(Nla<V> nla, V value) {
        nla.write(this, value);
    }

    /** A nest of type {@code type} holding {@code attrs} as they came. */
    public void putNest(int type, Attrs attrs) {
        int nest = beginNest(type);
        putAttrs(attrs);
        endNest(nest);
    }

    /** Writes each attribute as it came, unknown ones and flag bits included. */
    public void putAttrs(Attrs attrs) {
        for (Attr attr : attrs) {
            attr(attr.rawType(), attr.valueNoCopy());
        }
    }

    public int size() {
        return buf.position();
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** A read-only host-order view of {@code [from, to)}, valid until the next write or {@link #reset}. */
    public ByteBuffer slice(int from, int to) {
        return NlAlign.hostOrder(buf.duplicate().limit(to).position(from).slice()).asReadOnlyBuffer();
    }

    public void reset() {
        buf.clear();
    }

    private void pad() {
        int padding = NlAlign.align4(buf.position()) - buf.position();
        ensure(padding);
        for (int i = 0; i < padding; i++) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) {
            return;
        }
        int needed = buf.position() + more;
        ByteBuffer bigger = NlAlign.hostOrder(Arrays.copyOf(buf.array(), Math.max(needed, buf.capacity() * 2)));
        bigger.position(buf.position());
        buf = bigger;
    }
}
