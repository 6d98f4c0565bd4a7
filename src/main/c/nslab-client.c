/*
 * nslab-client: the launcher's fast path to a resident nslab daemon (docs/daemon.md).
 *
 *   nslab-client JAR ARGS...          run "nslab ARGS" in the daemon for this context
 *   nslab-client --socket-path JAR    print that daemon's socket path
 *
 * A JVM needs 0.15 s before nslab's first line runs; this program needs about a millisecond.
 * It connects to the daemon that serves this context (same build, user, network and mount
 * namespace, working directory), hands it the command line, the environment, the umask and
 * its standard file descriptors (SCM_RIGHTS), so that the daemon writes straight to this
 * terminal or pipe, and exits with the daemon's exit status.
 *
 * Exit 75: no daemon here (the launcher then runs nslab in a JVM of its own and starts one).
 * Exit 76: the daemon declined (busy, a command it does not serve, another context): the
 * launcher runs nslab in a JVM of its own. Nothing was done in either case.
 * If this process is killed, its connection closes and the daemon ends the run as a killed
 * nslab would end.
 *
 * --socket-path fails (exit 3) inside a named namespace (`ip netns exec NS ./nslab ...`): a
 * daemon started there would keep NS alive after `ip netns del NS`, veths and all.
 *
 * NSLAB_DAEMON_SOCKET overrides the socket path (tests, debugging).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define EXIT_NO_DAEMON 75
#define EXIT_DECLINED 76
#define DAEMON_DIR "/run/nslab/daemon"
#define MAX_REQUEST (4u << 20)
#define REPLY_DECLINED 0x10000
#define REPLY_STARTED 0x20000

extern char **environ;

struct buf {
    char *data;
    size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) {
            cap *= 2;
        }
        b->data = realloc(b->data, cap);
        if (!b->data) {
            fprintf(stderr, "nslab: out of memory\n");
            exit(1);
        }
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

/* A NUL-terminated field of the request. */
static void field(struct buf *b, const char *s) {
    put(b, s, strlen(s) + 1);
}

static uint64_t fnv1a(uint64_t h, const char *s) {
    for (; *s; s++) {
        h ^= (unsigned char) *s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/*
 * The context a daemon serves, as a path: the daemon runs in the namespaces and directory
 * it was started in, so a client elsewhere must find another one (or none).
 */
static int socket_path(const char *jar, char *out, size_t size) {
    const char *override = getenv("NSLAB_DAEMON_SOCKET");
    if (override && *override) {
        return snprintf(out, size, "%s", override) < (int) size ? 0 : -1;
    }
    struct stat jst, net, mnt;
    char cwd[PATH_MAX], key[PATH_MAX + 512];
    if (stat(jar, &jst) || stat("/proc/self/ns/net", &net) || stat("/proc/self/ns/mnt", &mnt)
        || !getcwd(cwd, sizeof cwd)) {
        return -1;
    }
    snprintf(key, sizeof key, "nslab-daemon-1|uid=%u|jar=%s|%llu|%lld.%09ld|%lld|net=%llu:%llu|mnt=%llu:%llu|cwd=%s",
             (unsigned) geteuid(), jar, (unsigned long long) jst.st_ino, (long long) jst.st_mtim.tv_sec,
             jst.st_mtim.tv_nsec, (long long) jst.st_size, (unsigned long long) net.st_dev,
             (unsigned long long) net.st_ino, (unsigned long long) mnt.st_dev, (unsigned long long) mnt.st_ino, cwd);
    uint64_t h = fnv1a(0xcbf29ce484222325ULL, key);
    return snprintf(out, size, DAEMON_DIR "/%016llx.sock", (unsigned long long) h) < (int) size ? 0 : -1;
}

/* The name under /run/netns of this process's network namespace, if it has one. */
static const char *named_namespace(void) {
    static char name[256];
    struct stat self, st;
    if (stat("/proc/self/ns/net", &self)) {
        return NULL;
    }
    DIR *d = opendir("/run/netns");
    if (!d) {
        return NULL;
    }
    const char *found = NULL;
    for (struct dirent *e; !found && (e = readdir(d));) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof name) {
            continue;
        }
        char path[512];
        snprintf(path, sizeof path, "/run/netns/%s", e->d_name);
        if (stat(path, &st) == 0 && st.st_dev == self.st_dev && st.st_ino == self.st_ino) {
            snprintf(name, sizeof name, "%s", e->d_name);
            found = name;
        }
    }
    closedir(d);
    return found;
}

/* fds 0-2 as the daemon will write to them; a closed one becomes /dev/null, as for a JVM. */
static void standard_fds(int fds[3]) {
    for (int i = 0; i < 3; i++) {
        fds[i] = fcntl(i, F_GETFD) < 0 ? open("/dev/null", i == 0 ? O_RDONLY : O_WRONLY) : i;
    }
}

static int send_request(int sock, struct buf *req, int fds[3]) {
    uint32_t length = (uint32_t) req->len;
    struct iovec iov[2] = {{&length, sizeof length}, {req->data, req->len}};
    union {
        char bytes[CMSG_SPACE(3 * sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2, .msg_control = control.bytes,
                         .msg_controllen = sizeof control.bytes};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(3 * sizeof(int));
    memcpy(CMSG_DATA(c), fds, 3 * sizeof(int));
    size_t total = sizeof length + req->len;
    ssize_t n;
    do {
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -1;
    }
    /* The rest of a large request (a big environment) without the descriptors. */
    size_t sent = (size_t) n;
    while (sent < total) {
        const char *p = sent < sizeof length ? (const char *) &length + sent : req->data + (sent - sizeof length);
        size_t left = sent < sizeof length ? sizeof length - sent : total - sent;
        ssize_t m = send(sock, p, left, MSG_NOSIGNAL);
        if (m < 0 && errno == EINTR) {
            continue;
        }
        if (m <= 0) {
            return -1;
        }
        sent += (size_t) m;
    }
    return 0;
}

int main(int argc, char **argv) {
    char path[sizeof(((struct sockaddr_un *) 0)->sun_path)];
    if (argc == 3 && strcmp(argv[1], "--socket-path") == 0) {
        const char *ns = named_namespace();
        if (ns) {
            fprintf(stderr, "nslab-client: inside named namespace %s: no daemon here\n", ns);
            return 3;
        }
        if (socket_path(argv[2], path, sizeof path)) {
            return 1;
        }
        puts(path);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: nslab-client JAR ARGS... | --socket-path JAR\n");
        return 2;
    }
    if (socket_path(argv[1], path, sizeof path)) {
        return EXIT_NO_DAEMON;
    }
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    memcpy(addr.sun_path, path, strlen(path) + 1);
    if (sock < 0 || connect(sock, (struct sockaddr *) &addr, sizeof addr) < 0) {
        return EXIT_NO_DAEMON;
    }

    struct buf req = {0};
    char number[64];
    field(&req, "nslab-1");
    field(&req, "run");
    mode_t mask = umask(0);
    umask(mask);
    snprintf(number, sizeof number, "tty=%d%d%d umask=%04o", isatty(0), isatty(1), isatty(2), (unsigned) mask);
    field(&req, number);
    snprintf(number, sizeof number, "%d", argc - 2);
    field(&req, number);
    for (int i = 2; i < argc; i++) {
        field(&req, argv[i]);
    }
    int envc = 0;
    for (char **e = environ; *e; e++) {
        envc++;
    }
    snprintf(number, sizeof number, "%d", envc);
    field(&req, number);
    for (char **e = environ; *e; e++) {
        field(&req, *e);
    }
    if (req.len > MAX_REQUEST) {
        return EXIT_DECLINED;
    }
    int fds[3];
    standard_fds(fds);
    if (send_request(sock, &req, fds)) {
        return EXIT_NO_DAEMON;
    }

    /* Replies: STARTED when it takes the run, then the exit status; or DECLINED instead. */
    int started = 0;
    for (;;) {
        int32_t reply;
        size_t got = 0;
        while (got < sizeof reply) {
            ssize_t n = read(sock, (char *) &reply + got, sizeof reply - got);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                if (!started && got == 0) {
                    /* Closed unanswered: it was ending (idle, or its jar changed) as we came. */
                    return EXIT_DECLINED;
                }
                size_t l = strlen(path);
                fprintf(stderr, "nslab: the nslab daemon ended before it answered (its log: %.*s.log)\n",
                        (int) (l > 5 ? l - 5 : l), path);
                return 1;
            }
            got += (size_t) n;
        }
        if (reply == REPLY_STARTED) {
            started = 1;
        } else if (reply & REPLY_DECLINED) {
            return EXIT_DECLINED;
        } else {
            return reply & 0xff;
        }
    }
}
