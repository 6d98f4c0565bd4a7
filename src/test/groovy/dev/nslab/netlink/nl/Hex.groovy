package dev.nslab.netlink.nl

import java.nio.ByteBuffer

/** Hex text for captures and failure messages: whitespace in the input is ignored. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        HexFormat.of().parseHex(hex.replaceAll(/\s/, ''))
    }

    static ByteBuffer buffer(String hex) {
        ByteBuffer.wrap(bytes(hex))
    }

    /** Groups of 4 bytes, 16 to a line, so a failing comparison shows where the bytes part. */
    static String of(byte[] bytes) {
        def hex = HexFormat.of().formatHex(bytes)
        hex.toList().collate(32).collect { it.join('').toList().collate(8)*.join('').join(' ') }.join('\n')
    }
}
