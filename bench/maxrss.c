// maxrss OUTFILE CMD ARGS...
// Run CMD, then append "maxrss_kb=<n>" (ru_maxrss of the child as returned by
// wait4: the largest resident set of the child and its reaped descendants) to
// OUTFILE. Exits with CMD's status. ptime.c does not print ru_maxrss, hence this.
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s OUTFILE CMD ARGS...\n", argv[0]); return 2; }
  pid_t p = fork();
  if (p < 0) { perror("fork"); return 1; }
  if (!p) { execvp(argv[2], argv + 2); perror(argv[2]); _exit(127); }
  int st; struct rusage ru;
  if (wait4(p, &st, 0, &ru) < 0) { perror("wait4"); return 1; }
  FILE *o = fopen(argv[1], "a");
  if (o) { fprintf(o, "maxrss_kb=%ld\n", ru.ru_maxrss); fclose(o); }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
