// run-timed: the clock `npm run bench` reads the usual tools with, so that
// every row is timed the same way and one run at a time.
//
// usage: run-timed N PAUSE_MS CMD [ARG...]
// Runs CMD N times in a row, each after PAUSE_MS ms asleep (0: back to back),
// with stdout and stderr on /dev/null, and prints each run's wall-clock time
// from fork to reaped, in µs, one per line. "%i" in an argument is replaced
// by the run's index (names that must differ between runs: containers).
// Exit status: 0, or 1 at the first run that fails (its status on stderr).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* arg with every "%i" replaced by i, in buf */
static char *subst(const char *arg, int i, char *buf, size_t size) {
  size_t n = 0;
  for (const char *p = arg; *p && n + 16 < size; p++) {
    if (p[0] == '%' && p[1] == 'i') { n += (size_t)snprintf(buf + n, size - n, "%d", i); p++; }
    else buf[n++] = *p;
  }
  buf[n] = 0;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: run-timed N PAUSE_MS CMD [ARG...]\n"); return 2; }
  int n = atoi(argv[1]);
  long pause = atol(argv[2]);
  int nargs = argc - 3;
  char **args = calloc((size_t)nargs + 1, sizeof *args);
  char *bufs = malloc((size_t)nargs * 4096);
  if (!args || !bufs) return 1;
  for (int i = 0; i < n; i++) {
    for (int a = 0; a < nargs; a++) args[a] = subst(argv[3 + a], i, bufs + (size_t)a * 4096, 4096);
    if (pause > 0) {
      struct timespec ts = { pause / 1000, (pause % 1000) * 1000000L };
      nanosleep(&ts, NULL);
    }
    double start = now_us();
    pid_t pid = fork();
    if (pid == 0) {
      int null = open("/dev/null", O_RDWR);
      dup2(null, 1);
      dup2(null, 2);
      execvp(args[0], args);
      _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) { perror("run-timed"); return 1; }
    double end = now_us();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "run %d of %s: %s %d\n", i, args[0], WIFEXITED(status) ? "exit status" : "signal",
        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
      return 1;
    }
    printf("%.0f\n", end - start);
  }
  return 0;
}
