package dev.nslab.sys;

import java.util.HashMap;
import java.util.Map;

/** Linux errno numbers by name, so that errors read "EEXIST", not "17". */
public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), EBADF(9), ECHILD(10),
    EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17), EXDEV(18), ENODEV(19),
    ENOTDIR(20), EISDIR(21), EINVAL(22), ENFILE(23), EMFILE(24), ENOTTY(25), ENOSPC(28), EROFS(30),
    EMLINK(31), EPIPE(32), ERANGE(34), EDEADLK(35), ENAMETOOLONG(36), ENOSYS(38), ENOTEMPTY(39),
    ELOOP(40), ENOMSG(42), ENODATA(61), ENOLINK(67), EPROTO(71), EBADMSG(74), EOVERFLOW(75),
    ENOTSOCK(88), EDESTADDRREQ(89), EMSGSIZE(90), EPROTOTYPE(91), ENOPROTOOPT(92),
    EPROTONOSUPPORT(93), EOPNOTSUPP(95), EAFNOSUPPORT(97), EADDRINUSE(98), EADDRNOTAVAIL(99),
    ENETDOWN(100), ENETUNREACH(101), ECONNABORTED(103), ECONNRESET(104), ENOBUFS(105), EISCONN(106),
    ENOTCONN(107), ETIMEDOUT(110), ECONNREFUSED(111), EHOSTDOWN(112), EHOSTUNREACH(113),
    EALREADY(114), EINPROGRESS(115), ESTALE(116), EDQUOT(122), ECANCELED(125), ERFKILL(132),
    // The rest of Linux's table: the kernel answers netlink requests with some of these too
    // (a bridge with no free port: EXFULL), and "errno 54" tells a user nothing.
    ENOEXEC(8), ENOTBLK(15), ETXTBSY(26), EFBIG(27), ESPIPE(29), EDOM(33), ENOLCK(37), ECHRNG(44),
    EL2NSYNC(45), EL3HLT(46), EL3RST(47), ELNRNG(48), EUNATCH(49), ENOCSI(50), EL2HLT(51), EBADE(52),
    EBADR(53), EXFULL(54), ENOANO(55), EBADRQC(56), EBADSLT(57), EBFONT(59), ENOSTR(60), ETIME(62),
    ENOSR(63), ENONET(64), ENOPKG(65), EREMOTE(66), EADV(68), ESRMNT(69), ECOMM(70), EMULTIHOP(72),
    EDOTDOT(73), ENOTUNIQ(76), EBADFD(77), EREMCHG(78), ELIBACC(79), ELIBBAD(80), ELIBSCN(81),
    ELIBMAX(82), ELIBEXEC(83), EILSEQ(84), ERESTART(85), ESTRPIPE(86), EUSERS(87), ESOCKTNOSUPPORT(94),
    EPFNOSUPPORT(96), ENETRESET(102), ESHUTDOWN(108), ETOOMANYREFS(109), EUCLEAN(117), ENOTNAM(118),
    ENAVAIL(119), EISNAM(120), EREMOTEIO(121), ENOMEDIUM(123), EMEDIUMTYPE(124), ENOKEY(126),
    EKEYEXPIRED(127), EKEYREVOKED(128), EKEYREJECTED(129), EOWNERDEAD(130), ENOTRECOVERABLE(131),
    EHWPOISON(133);

    private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

    static {
        for (Errno e : values()) {
            BY_NUMBER.put(e.number, e);
        }
    }

    public final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The errno's name, or "errno N" for one this table does not know. */
    public static String name(int number) {
        Errno e = BY_NUMBER.get(Math.abs(number));
        return e == null ? "errno " + Math.abs(number) : e.name();
    }

    /**
     * The libc description, e.g. "File exists", as strerror(3) gives it: the errnos a user meets
     * from the calls nslab makes, and the name for the rest.
     */
    public static String describe(int number) {
        return switch (Math.abs(number)) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 3 -> "No such process";
            case 4 -> "Interrupted system call";
            case 9 -> "Bad file descriptor";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 16 -> "Device or resource busy";
            case 17 -> "File exists";
            case 19 -> "No such device";
            case 20 -> "Not a directory";
            case 22 -> "Invalid argument";
            case 24 -> "Too many open files";
            case 34 -> "Numerical result out of range";
            case 36 -> "File name too long";
            case 38 -> "Function not implemented";
            case 40 -> "Too many levels of symbolic links";
            case 61 -> "No data available";
            case 90 -> "Message too long";
            case 92 -> "Protocol not available";
            case 93 -> "Protocol not supported";
            case 95 -> "Operation not supported";
            case 97 -> "Address family not supported by protocol";
            case 98 -> "Address already in use";
            case 99 -> "Cannot assign requested address";
            case 101 -> "Network is unreachable";
            case 105 -> "No buffer space available";
            case 107 -> "Transport endpoint is not connected";
            case 110 -> "Connection timed out";
            case 111 -> "Connection refused";
            case 113 -> "No route to host";
            default -> name(number);
        };
    }
}
