package dev.nslab.capture

import java.nio.ByteBuffer

/**
 * Frames built byte by byte for the decoder's specs, independent of the decoder: each header
 * laid out as its RFC draws it. Checksums stay zero (tcpdump checks them only with -v).
 */
class Frames {
    static final String MAC_A = '02:00:00:00:00:01'
    static final String MAC_B = '02:00:00:00:00:02'

    static byte[] eth(int type, byte[] payload, String src = MAC_A, String dst = MAC_B) {
        cat(mac(dst), mac(src), u16(type), payload)
    }

    static byte[] vlan(int id, int type, byte[] payload) {
        cat(mac(MAC_B), mac(MAC_A), u16(0x8100), u16(id), u16(type), payload)
    }

    static byte[] arp(int op, String sha, String spa, String tha, String tpa) {
        cat(u16(1), u16(0x0800), [6, 4] as byte[], u16(op), mac(sha), ip(spa), mac(tha), ip(tpa))
    }

    static byte[] ip4(int protocol, byte[] payload, Map o = [:]) {
        byte[] options = o.options ?: new byte[0]
        int ihl = o.ihl ?: 5 + options.length.intdiv(4)
        int total = o.totalLength != null ? o.totalLength : 20 + options.length + payload.length
        cat([0x40 | ihl, 0] as byte[], u16(total), u16(1), u16(o.fragment ?: 0), [64, protocol] as byte[], u16(0),
                ip(o.src ?: '10.0.0.1'), ip(o.dst ?: '10.0.0.2'), options, payload)
    }

    static byte[] ip6(int next, byte[] payload, Map o = [:]) {
        int plen = o.payloadLength != null ? o.payloadLength : payload.length
        cat(u32(0x60000000), u16(plen), [next, 64] as byte[], ip(o.src ?: 'fd00::1'), ip(o.dst ?: 'fd00::2'), payload)
    }

    /** A hop-by-hop or destination options header: {@code body} padded to a multiple of 8 with PadN. */
    static byte[] options6(int next, byte[] body) {
        int length = ((body.length + 2 + 7).intdiv(8)) * 8
        byte[] pad = new byte[length - 2 - body.length]
        if (pad.length == 1) {
            pad[0] = 0
        } else if (pad.length > 1) {
            pad[0] = 1
            pad[1] = (byte) (pad.length - 2)
        }
        cat([next, length.intdiv(8) - 1] as byte[], body, pad)
    }

    static byte[] fragment6(int next, int offset, boolean more, int id = 7) {
        cat([next, 0] as byte[], u16(offset * 8 | (more ? 1 : 0)), u32(id))
    }

    static byte[] udp(int sport, int dport, byte[] data, Integer length = null) {
        cat(u16(sport), u16(dport), u16(length != null ? length : 8 + data.length), u16(0), data)
    }

    static byte[] tcp(Map o) {
        byte[] options = o.options ?: new byte[0]
        byte[] data = o.data ?: new byte[0]
        int offset = o.offset ?: 5 + options.length.intdiv(4)
        cat(u16(o.sport ?: 40000), u16(o.dport ?: 4242), u32(o.seq ?: 0), u32(o.ack ?: 0),
                [offset << 4, flags(o.flags ?: '')] as byte[], u16(o.win ?: 64240), u16(0), u16(o.urg ?: 0), options, data)
    }

    static int flags(String letters) {
        int bits = 0
        letters.each { bits |= 1 << 'FSRP.UEW'.indexOf(it) }
        bits
    }

    static byte[] icmp(int type, int code, byte[] rest) {
        cat([type, code] as byte[], u16(0), rest)
    }

    static byte[] mac(String text) {
        text.split(':').collect { Integer.parseInt(it, 16) as byte } as byte[]
    }

    static byte[] ip(String literal) {
        dev.nslab.model.Addresses.parse(literal).address
    }

    static byte[] u16(int v) {
        [v >> 8, v] as byte[]
    }

    static byte[] u32(long v) {
        ByteBuffer.allocate(4).putInt((int) v).array()
    }

    static byte[] zeros(int n) {
        new byte[n]
    }

    static byte[] cat(Object... parts) {
        def out = new ByteArrayOutputStream()
        parts.each { out.write(it as byte[]) }
        out.toByteArray()
    }

    static byte[] hex(String text) {
        HexFormat.of().parseHex(text.replaceAll(/\s/, ''))
    }
}
