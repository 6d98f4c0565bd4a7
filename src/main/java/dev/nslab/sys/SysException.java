package dev.nslab.sys;

/**
 * A failed system call: names the call, the errno by name, and the arguments,
 * e.g. {@code setns(2) failed: EPERM (Operation not permitted) [fd=5]}.
 */
public class SysException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int errno;

    public SysException(String call, int errno, String arguments) {
        super(call + " failed: " + Errno.name(errno) + " (" + Errno.describe(errno) + ")"
                + (arguments == null || arguments.isEmpty() ? "" : " [" + arguments + "]"));
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, as in {@code setns(2)}. */
    public String call() {
        return call;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    public boolean is(Errno e) {
        return errno == e.number;
    }
}
