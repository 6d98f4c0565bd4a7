package dev.nslab.netlink.nl;

/**
 * Bytes that are not a well-formed netlink message. The message names the field that is wrong,
 * e.g. {@code nlmsghdr.nlmsg_len: 8 is shorter than the header (16)} or
 * {@code IFA_LOCAL: expected 4 or 16 bytes, got 3}; it is the only exception decoding throws.
 */
public class NlDecodeException extends RuntimeException {

    public NlDecodeException(String message) {
        super(message);
    }
}
