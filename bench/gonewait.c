// gonewait PREFIX [INTERVAL_MS [TIMEOUT_S]]
// Poll the interfaces of the current network namespace (/proc/self/net/dev, the
// same list `ip -o link` shows) every INTERVAL_MS (default 5) until none has a
// name starting with PREFIX. Exit 0 when gone, 1 on timeout (default 120 s).
// Used by bench/run for "teardown complete": an in-process poll instead of
// forking `ip -o link | grep -c pbv` every 5 ms, which would itself load the CPU.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static int count(const char *prefix) {
  FILE *f = fopen("/proc/self/net/dev", "r");
  if (!f) { perror("/proc/self/net/dev"); exit(2); }
  char line[512]; int n = 0; size_t pl = strlen(prefix);
  while (fgets(line, sizeof line, f)) {
    char *p = line; while (*p == ' ') p++;
    if (!strncmp(p, prefix, pl) && strchr(p, ':')) n++;
  }
  fclose(f);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s PREFIX [INTERVAL_MS [TIMEOUT_S]]\n", argv[0]); return 2; }
  int ms = argc > 2 ? atoi(argv[2]) : 5;
  double timeout = argc > 3 ? atof(argv[3]) : 120, t0 = now();
  while (count(argv[1]) > 0) {
    if (now() - t0 > timeout) { fprintf(stderr, "gonewait: %s* still present after %.0f s\n", argv[1], timeout); return 1; }
    usleep(ms * 1000);
  }
  return 0;
}
