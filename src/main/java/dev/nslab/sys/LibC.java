package dev.nslab.sys;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;

/**
 * The C library calls nslab needs, bound through jnr-ffi.
 * <p>
 * Everything above {@code sys} goes through the checked wrappers beside it (see {@link Sys}),
 * which check the return value, name the errno and retry EINTR. {@link Sys} loads it once,
 * lazily. The interface is public only because jnr-ffi
 * implements it in a class loader of its own, which cannot see a package-private type.
 * Calls without a glibc wrapper on every supported libc (gettid, pidfd_*) go through
 * {@link #syscall}.
 */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In Pointer addr, int addrLen);

    int listen(int fd, int backlog);

    int accept4(int fd, Pointer addr, Pointer addrLen, int flags);

    int umask(int mask);

    int getsockname(int fd, @Out Pointer addr, IntByReference addrLen);

    int setsockopt(int fd, int level, int option, @In Pointer value, int valueLen);

    int getsockopt(int fd, int level, int option, @Out Pointer value, IntByReference valueLen);

    long sendmsg(int fd, @In Pointer msghdr, int flags);

    long recvmsg(int fd, Pointer msghdr, int flags);

    long sendto(int fd, @In Pointer buf, long len, int flags, @In Pointer addr, int addrLen);

    long recvfrom(int fd, @Out Pointer buf, long len, int flags, @Out Pointer addr, IntByReference addrLen);

    int close(int fd);

    int open(String path, int flags, int mode);

    int openat(int dirFd, String path, int flags, int mode);

    long read(int fd, @Out Pointer buf, long len);

    long write(int fd, @In Pointer buf, long len);

    int mkdir(String path, int mode);

    int mkdirat(int dirFd, String path, int mode);

    int unlinkat(int dirFd, String path, int flags);

    int fchmod(int fd, int mode);

    int fsync(int fd);

    int ftruncate(int fd, long length);

    long pread(int fd, @Out Pointer buf, long len, long offset);

    long pwrite(int fd, @In Pointer buf, long len, long offset);

    int geteuid();

    int statx(int dirFd, String path, int flags, int mask, @Out Pointer statx);

    int setns(int fd, int nsType);

    int unshare(int flags);

    int mount(String source, String target, String fsType, long flags, Pointer data);

    int umount2(String target, int flags);

    int unlink(String path);

    int flock(int fd, int operation);

    int ioctl(int fd, long request, Pointer arg);

    int fstatfs(int fd, @Out Pointer statfs);

    int poll(Pointer fds, long nfds, int timeoutMillis);

    long syscall(long number, long a0, long a1, long a2, long a3);
}
