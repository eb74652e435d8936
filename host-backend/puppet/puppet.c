// puppet: one real task of an nslab sandbox.
//
// Every task is a *puppet*: it blocks on its control channel, performs
// exactly the one operation it is asked for and replies with the value or
// -errno. A puppet decides nothing: the agent chooses every operation and
// argument, the kernel decides every result.
//
// The agent starts this binary once, in the host: that process is the
// *keeper*, a puppet on stdin/stdout that the agent asks to clone each
// sandbox's init (new user, pid, mount, uts, ipc and net namespaces) and,
// when the sandbox ends, to reap it. A
// cloned task's channel is a pair of pipes made before clone(); the agent
// opens their other ends through /proc/<parent>/fd/N while the parent waits
// for its acknowledgement, then the parent closes its copies.
// When its channel ends (the agent is gone) a puppet exits; the keeper first
// kills and reaps the inits it cloned, so a sandbox dies with its agent.
//
// Invariants:
// - every fd a puppet opens is O_CLOEXEC; a puppet holds only its two channel
//   fds (request: read end, reply: write end) between operations, plus the
//   shared ones clone(CLONE_FILES) gives it;
// - signal dispositions and masks are the defaults, no thread or child is
//   ever created except by a requested fork/clone;
// - no allocator: buffers are mmap'd per task, so a CLONE_VM child never
//   shares a buffer with its parent.
//
// Wire format (both directions, native endianness; agent and puppet share a host):
//   request: u32 length, then length bytes: NUL-terminated fields, the first
//            is the operation name, numbers are decimal text.
//   reply:   i64 value (>= 0, or -errno), u32 length, then length bytes of text.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_MSG (16u << 20)      /* longest request or reply text */
#define MAX_FIELDS 4096
#define CHILD_STACK (256u << 10)

struct chan { int req, rep; };

/* The keeper's own children (the sandboxes' inits): when the agent is gone
 * (EOF on the keeper's channel) it kills and reaps them before it exits, so
 * no zombie holding a sandbox's pid namespace waits for the host's init. */
static int is_keeper;
static pid_t keeper_children[4096];
static int keeper_nchildren;

/* A task's private buffers, mmap'd (never shared through CLONE_VM). */
struct bufs { char *in; char *out; };

static int alloc_bufs(struct bufs *b) {
  b->in = mmap(NULL, MAX_MSG + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  b->out = mmap(NULL, MAX_MSG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return b->in == MAP_FAILED || b->out == MAP_FAILED ? -1 : 0;
}

static int read_full(int fd, void *p, size_t n) {
  char *c = p;
  while (n) {
    ssize_t r = read(fd, c, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    c += r; n -= (size_t)r;
  }
  return 0;
}

static int write_full(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t r = write(fd, c, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    c += r; n -= (size_t)r;
  }
  return 0;
}

/* A reply in one write where the pipe takes it whole (the agent then wakes
 * once for it, not for its head and again for its text); the rest, if any,
 * after. */
static void reply(int fd, int64_t value, const char *text, uint32_t len) {
  char head[12];
  memcpy(head, &value, 8);
  memcpy(head + 8, &len, 4);
  struct iovec iov[2] = { { head, 12 }, { (void *)text, len } };
  ssize_t n;
  do n = writev(fd, iov, len ? 2 : 1); while (n < 0 && errno == EINTR);
  if (n < 0) _exit(127);
  size_t done = (size_t)n;
  if (done < 12 && write_full(fd, head + done, 12 - done) < 0) _exit(127);
  size_t sent = done > 12 ? done - 12 : 0;
  if (sent < len && write_full(fd, text + sent, len - sent) < 0) _exit(127);
}

/* A request's fields; returns their count, or -1 on a short read or EOF (the agent is gone). */
static int read_request(int fd, char *buf, char **f, uint32_t *total) {
  uint32_t len;
  if (read_full(fd, &len, 4) < 0 || len > MAX_MSG || read_full(fd, buf, len) < 0) return -1;
  *total = len;
  buf[len] = 0;
  int n = 0;
  for (uint32_t i = 0; i < len && n < MAX_FIELDS; n++) {
    f[n] = buf + i;
    i += (uint32_t)strlen(buf + i) + 1;
  }
  return n;
}

static long num(const char *s) { return strtol(s, NULL, 0); }
/* C callers pass NULL where the scenario passes "" (mount's source, fstype, data). */
static const char *opt(const char *s) { return *s ? s : NULL; }
static int64_t sys(long r) { return r < 0 ? -errno : r; }

static const char *ns_name(int type) {
  switch (type) {
  case CLONE_NEWNS: return "mnt";
  case CLONE_NEWUTS: return "uts";
  case CLONE_NEWIPC: return "ipc";
  case CLONE_NEWPID: return "pid";
  case CLONE_NEWNET: return "net";
  case CLONE_NEWUSER: return "user";
  case CLONE_NEWCGROUP: return "cgroup";
  case 0x80: return "time";
  default: return "?";
  }
}

static void serve(struct chan ch, struct bufs b);

/* pipe2(O_CLOEXEC) with both ends above stderr, so that exec's dup2 onto
 * 0, 1 and 2 never replaces a channel. */
static int high_pipe(int p[2]) {
  if (pipe2(p, O_CLOEXEC) < 0) return -1;
  for (int i = 0; i < 2; i++) {
    if (p[i] > 2) continue;
    int h = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
    if (h < 0) { int e = errno; close(p[0]); close(p[1]); errno = e; return -1; }
    close(p[i]);
    p[i] = h;
  }
  return 0;
}

/* What a new task needs; lives at the top of its own stack. */
struct child_arg { struct chan parent, own, agent; unsigned long flags; pid_t ptid, ctid; };

static int child_main(void *p) {
  struct child_arg a = *(struct child_arg *)p;
  /* With CLONE_FILES the table is the parent's: closing would close its fds too. */
  if (!(a.flags & CLONE_FILES)) {
    close(a.parent.req); close(a.parent.rep);
    close(a.agent.req); close(a.agent.rep);
  }
  struct bufs b;
  if (alloc_bufs(&b) < 0) _exit(127);
  /* the greeting: the agent waits for it, not polls, to know the task is up */
  reply(a.own.rep, 0, NULL, 0);
  serve(a.own, b);
  return 0;
}

/* clone(2) with the caller's flags; the child gets its own channel: two
 * pipes whose agent ends the agent opens through /proc/<parent>/fd/N while
 * the parent waits for its acknowledgement. */
static int64_t do_clone(struct chan ch, struct bufs b, unsigned long flags, char **f) {
  int req[2], rep[2];
  if (high_pipe(req) < 0) return -errno;
  if (high_pipe(rep) < 0) { int e = errno; close(req[0]); close(req[1]); return -e; }
  char *stack = mmap(NULL, CHILD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) { int e = errno; close(req[0]); close(req[1]); close(rep[0]); close(rep[1]); return -e; }
  struct child_arg *a = (struct child_arg *)(stack + CHILD_STACK - 256);
  *a = (struct child_arg){ .parent = ch, .own = { req[0], rep[1] }, .agent = { req[1], rep[0] }, .flags = flags };
  int pidfd = -1;
  void *ptid = (flags & CLONE_PIDFD) ? (void *)&pidfd : (void *)&a->ptid;
  pid_t pid = clone(child_main, a, (int)flags, a, ptid, NULL, &a->ctid);
  int e = errno;
  if (pidfd >= 0) close(pidfd);
  if (pid < 0) {
    close(req[0]); close(req[1]); close(rep[0]); close(rep[1]);
    munmap(stack, CHILD_STACK);
    return -e;
  }
  if (is_keeper && keeper_nchildren < 4096) keeper_children[keeper_nchildren++] = pid;
  int len = snprintf(b.out, 64, "%d %d", req[1], rep[0]);
  reply(ch.rep, pid, b.out, (uint32_t)len);
  char *ack[MAX_FIELDS];
  uint32_t acklen;
  if (read_request(ch.req, b.in, ack, &acklen) < 0) _exit(127);
  if (!(flags & CLONE_FILES)) { close(req[0]); close(req[1]); close(rep[0]); close(rep[1]); }
  if (!(flags & CLONE_VM)) munmap(stack, CHILD_STACK);
  (void)f;
  return INT64_MIN; /* already replied */
}

static int64_t read_file(const char *path, char *out, uint32_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  uint32_t n = 0;
  for (;;) {
    /* in pieces, as cat does: a sysctl file refuses one huge read (ENOMEM) */
    size_t want = MAX_MSG - n < 65536 ? MAX_MSG - n : 65536;
    ssize_t r = read(fd, out + n, want);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { int e = errno; close(fd); return -e; }
    if (r == 0 || (n += (uint32_t)r) == MAX_MSG) break;
  }
  close(fd);
  *len = n;
  return n;
}

static int64_t write_file(const char *path, const char *text, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -errno;
  ssize_t r = write(fd, text, n);
  int e = errno;
  close(fd);
  return r < 0 ? -e : r;
}

static int64_t read_dir(const char *path, char *out, uint32_t *len) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  char buf[8192];
  uint32_t n = 0;
  int64_t count = 0;
  for (;;) {
    long r = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (r < 0) { int e = errno; close(fd); return -e; }
    if (r == 0) break;
    for (long i = 0; i < r;) {
      struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; } *d = (void *)(buf + i);
      i += d->reclen;
      if (!strcmp(d->name, ".") || !strcmp(d->name, "..")) continue;
      size_t l = strlen(d->name);
      if (n + l + 1 > MAX_MSG) break;
      memcpy(out + n, d->name, l);
      out[n + l] = '\n';
      n += (uint32_t)l + 1;
      count++;
    }
  }
  close(fd);
  *len = n;
  return count;
}

static int64_t ioctl_ns(const char *path, unsigned long request, char *out, uint32_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int64_t ret;
  if (request == NS_GET_OWNER_UID) {
    uid_t uid;
    ret = ioctl(fd, request, &uid) < 0 ? (int64_t)-errno : (int64_t)uid;
  } else {
    int r = ioctl(fd, request);
    ret = r < 0 ? -errno : r;
    if (r >= 0 && (request == NS_GET_PARENT || request == NS_GET_USERNS)) {
      /* the new fd is shown as its /proc/self/fd link text: "type:[inode]" */
      struct stat st;
      int type = ioctl(r, NS_GET_NSTYPE);
      ret = fstat(r, &st) < 0 || type < 0 ? -errno : 0;
      if (ret == 0) *len = (uint32_t)snprintf(out, 64, "%s:[%lu]", ns_name(type), (unsigned long)st.st_ino);
      close(r);
    }
  }
  close(fd);
  return ret;
}

/* The namespace at `path` and its ancestors (NS_GET_PARENT until the
 * kernel refuses), one "type:[inode]" per line: the agent's map of which pid
 * namespace sees which. */
static int64_t ns_chain(const char *path, char *out, uint32_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  uint32_t n = 0;
  int64_t count = 0;
  while (fd >= 0 && n < MAX_MSG - 64) {
    struct stat st;
    int type = ioctl(fd, NS_GET_NSTYPE);
    if (fstat(fd, &st) < 0 || type < 0) { int e = errno; close(fd); return -e; }
    n += (uint32_t)snprintf(out + n, 64, "%s:[%lu]\n", ns_name(type), (unsigned long)st.st_ino);
    count++;
    int parent = ioctl(fd, NS_GET_PARENT);
    close(fd);
    fd = parent;
  }
  *len = n;
  return count;
}

/* lstat(2) as "TYPE MODE SIZE NLINK UID GID" (backend.ts); ids as the
 * caller's user namespace sees them, as stat(2) gives them. */
static int64_t lstat_text(const char *path, char *out, uint32_t *len) {
  struct stat st;
  if (lstat(path, &st) < 0) return -errno;
  const char *type = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "directory"
    : S_ISLNK(st.st_mode) ? "symlink" : S_ISCHR(st.st_mode) ? "chardev" : "other";
  *len = (uint32_t)snprintf(out, 128, "%s %04o %lld %lu %u %u", type, (unsigned)(st.st_mode & 07777),
    (long long)st.st_size, (unsigned long)st.st_nlink, (unsigned)st.st_uid, (unsigned)st.st_gid);
  return 0;
}

static int64_t copy_file(const char *from, const char *to, mode_t mode) {
  int in = open(from, O_RDONLY | O_CLOEXEC);
  if (in < 0) return -errno;
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (out < 0) { int e = errno; close(in); return -e; }
  int64_t total = 0;
  for (;;) {
    ssize_t r = sendfile(out, in, NULL, 1 << 30);
    if (r < 0) { total = -errno; break; }
    if (r == 0) break;
    total += r;
  }
  close(in); close(out);
  return total;
}

/* execve(2) with stdin, stdout and stderr on /dev/null as the task sees it
 * (left closed when it has none). Success is seen by the agent as the
 * reply pipe closing (O_CLOEXEC) or /proc/PID/exe changing. */
static int64_t do_exec(char **f, int n) {
  if (n < 3) return -EINVAL;
  long argc = num(f[2]);
  if (argc < 0 || 3 + argc > n) return -EINVAL;
  char *argv[MAX_FIELDS + 1], *envp[MAX_FIELDS + 1];
  int i;
  for (i = 0; i < argc; i++) argv[i] = f[3 + i];
  argv[argc] = NULL;
  int ne = 0;
  for (i = 3 + (int)argc; i < n; i++) envp[ne++] = f[i];
  envp[ne] = NULL;
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3 && null >= 0; fd++) {
    if (fd == null) fcntl(fd, F_SETFD, 0);
    else dup2(null, fd);
  }
  execve(f[1], argv, envp);
  int e = errno;
  if (null >= 0) { if (null > 2) close(null); close(0); close(1); close(2); }
  return -e;
}

static int64_t alloc_mem(long bytes) {
  char *p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return -errno;
  for (long i = 0; i < bytes; i += 4096) p[i] = 1;
  return 0;
}

#define NEED(k) do { if (n < (k) + 1) return -EINVAL; } while (0)

/* One operation; returns the value or -errno, INT64_MIN when it replied itself. */
/* sched_setaffinity(pid, "0,2,4-6"): the list as the kernel's cpulist_parse() reads it; EINVAL for a malformed one */
static int64_t do_setaffinity(pid_t pid, const char *list) {
  cpu_set_t set;
  CPU_ZERO(&set);
  const char *p = list;
  while (*p && *p != '\n') {
    char *end;
    long a = strtol(p, &end, 10), b = a;
    if (end == p || a < 0) return -EINVAL;
    p = end;
    if (*p == '-') {
      b = strtol(p + 1, &end, 10);
      if (end == p + 1 || b < a) return -EINVAL;
      p = end;
    }
    if (b >= CPU_SETSIZE) return -EINVAL;
    for (long c = a; c <= b; c++) CPU_SET(c, &set);
    if (*p == ',') p++;
    else if (*p && *p != '\n') return -EINVAL;
  }
  return sys(sched_setaffinity(pid, sizeof set, &set));
}

/* sched_getaffinity(pid): the CPUs as a list ("0-1", "0,2,4,6") */
static int64_t do_getaffinity(pid_t pid, char *out, uint32_t *len) {
  cpu_set_t set;
  if (sched_getaffinity(pid, sizeof set, &set) < 0) return -errno;
  int n = 0;
  for (int c = 0; c < CPU_SETSIZE; c++) {
    if (!CPU_ISSET(c, &set)) continue;
    int e = c;
    while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, &set)) e++;
    n += snprintf(out + n, 64, n ? ",%d" : "%d", c);
    if (e > c) n += snprintf(out + n, 64, "-%d", e);
    c = e;
  }
  *len = (uint32_t)n;
  return 0;
}

#include "ipc_net.c"

static int64_t perform(struct chan ch, struct bufs b, char **f, int n, uint32_t *len) {
  const char *op = f[0];
  *len = 0;
  if (!strcmp(op, "getpid")) return getpid();
  if (!strcmp(op, "getppid")) return getppid();
  if (!strcmp(op, "gettid")) return gettid();
  /* raw syscalls: the calling thread's credentials only, as the kernel does (glibc would change every thread) */
  if (!strcmp(op, "getuid")) return syscall(SYS_getuid);
  if (!strcmp(op, "getgid")) return syscall(SYS_getgid);
  if (!strcmp(op, "setuid")) { NEED(1); return sys(syscall(SYS_setuid, (uid_t)num(f[1]))); }
  if (!strcmp(op, "setgid")) { NEED(1); return sys(syscall(SYS_setgid, (gid_t)num(f[1]))); }
  if (!strcmp(op, "prctl")) {
    NEED(2);
    long o = num(f[1]);
    /* only the options the model has: PR_GET_DUMPABLE, PR_SET_DUMPABLE */
    if (o != PR_GET_DUMPABLE && o != PR_SET_DUMPABLE) return -ENOSYS;
    return sys(prctl((int)o, (unsigned long)num(f[2]), 0, 0, 0));
  }
  if (!strcmp(op, "fork")) return do_clone(ch, b, SIGCHLD, f);
  if (!strcmp(op, "clone")) { NEED(1); return do_clone(ch, b, (unsigned long)num(f[1]), f); }
  if (!strcmp(op, "exit")) {
    NEED(1);
    reply(ch.rep, 0, NULL, 0);
    syscall(SYS_exit_group, (int)num(f[1]));
  }
  if (!strcmp(op, "exit_thread")) {
    /* exit(2) itself: only the calling thread ends */
    NEED(1);
    reply(ch.rep, 0, NULL, 0);
    syscall(SYS_exit, (int)num(f[1]));
  }
  if (!strcmp(op, "kill")) { NEED(2); return sys(kill((pid_t)num(f[1]), (int)num(f[2]))); }
  if (!strcmp(op, "waitpid")) {
    NEED(2);
    int status = 0;
    pid_t r = waitpid((pid_t)num(f[1]), &status, (int)num(f[2]));
    if (r < 0) return -errno;
    /* a reaped pid may be reused: it is no longer the keeper's to kill */
    for (int i = 0; is_keeper && i < keeper_nchildren; i++)
      if (keeper_children[i] == r) keeper_children[i] = keeper_children[--keeper_nchildren];
    *len = (uint32_t)snprintf(b.out, 32, "%d", status);
    return r;
  }
  if (!strcmp(op, "unshare")) { NEED(1); return sys(unshare((int)num(f[1]))); }
  if (!strcmp(op, "setns")) {
    NEED(2);
    int fd = open(f[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    int64_t r = sys(setns(fd, (int)num(f[2])));
    close(fd);
    return r;
  }
  if (!strcmp(op, "sethostname")) { NEED(1); return sys(sethostname(f[1], strlen(f[1]))); }
  if (!strcmp(op, "setdomainname")) { NEED(1); return sys(setdomainname(f[1], strlen(f[1]))); }
  if (!strcmp(op, "gethostname") || !strcmp(op, "getdomainname")) {
    struct utsname u;
    if (uname(&u) < 0) return -errno;
    const char *s = op[3] == 'h' ? u.nodename : u.domainname;
    *len = (uint32_t)strlen(s);
    memcpy(b.out, s, *len);
    return 0;
  }
  if (!strcmp(op, "mount")) {
    NEED(5);
    return sys(mount(opt(f[1]), f[2], opt(f[3]), (unsigned long)num(f[4]), opt(f[5])));
  }
  if (!strcmp(op, "umount2")) { NEED(2); return sys(umount2(f[1], (int)num(f[2]))); }
  if (!strcmp(op, "pivot_root")) { NEED(2); return sys(syscall(SYS_pivot_root, f[1], f[2])); }
  if (!strcmp(op, "chroot")) { NEED(1); return sys(chroot(f[1])); }
  if (!strcmp(op, "chdir")) { NEED(1); return sys(chdir(f[1])); }
  if (!strcmp(op, "mkdir")) { NEED(2); return sys(mkdir(f[1], (mode_t)num(f[2]))); }
  if (!strcmp(op, "rmdir")) { NEED(1); return sys(rmdir(f[1])); }
  if (!strcmp(op, "unlink")) { NEED(1); return sys(unlink(f[1])); }
  if (!strcmp(op, "lstat")) { NEED(1); return lstat_text(f[1], b.out, len); }
  if (!strcmp(op, "read_file")) { NEED(1); return read_file(f[1], b.out, len); }
  if (!strcmp(op, "write_file")) { NEED(2); return write_file(f[1], f[2], strlen(f[2])); }
  if (!strcmp(op, "readlink")) {
    NEED(1);
    ssize_t r = readlink(f[1], b.out, 4096);
    if (r < 0) return -errno;
    *len = (uint32_t)r;
    return r;
  }
  if (!strcmp(op, "readdir")) { NEED(1); return read_dir(f[1], b.out, len); }
  if (!strcmp(op, "ioctl_ns")) { NEED(2); return ioctl_ns(f[1], (unsigned long)num(f[2]), b.out, len); }
  if (!strcmp(op, "set_comm")) { NEED(1); return sys(prctl(PR_SET_NAME, f[1], 0, 0, 0)); }
  if (!strcmp(op, "msgget")) { NEED(2); return sys(msgget((key_t)num(f[1]), (int)num(f[2]))); }
  if (!strcmp(op, "msgsnd")) { NEED(4); return do_msgsnd(b.out, (int)num(f[1]), num(f[2]), f[3], (int)num(f[4])); }
  if (!strcmp(op, "msgrcv")) { NEED(4); return do_msgrcv(b.out, len, (int)num(f[1]), num(f[2]), num(f[3]), (int)num(f[4])); }
  if (!strcmp(op, "msgctl")) { NEED(2); return sys(msgctl((int)num(f[1]), (int)num(f[2]), NULL)); }
  if (!strcmp(op, "semget")) { NEED(3); return sys(semget((key_t)num(f[1]), (int)num(f[2]), (int)num(f[3]))); }
  if (!strcmp(op, "semop")) { NEED(4); return do_semop((int)num(f[1]), num(f[2]), num(f[3]), num(f[4])); }
  if (!strcmp(op, "semctl")) { NEED(4); return sys(semctl((int)num(f[1]), (int)num(f[2]), (int)num(f[3]), (int)num(f[4]))); }
  if (!strcmp(op, "shmget")) { NEED(3); return sys(shmget((key_t)num(f[1]), (size_t)num(f[2]), (int)num(f[3]))); }
  if (!strcmp(op, "shmctl")) { NEED(2); return sys(shmctl((int)num(f[1]), (int)num(f[2]), NULL)); }
  if (!strcmp(op, "mq_open")) { NEED(3); return do_mq_open(f[1], (int)num(f[2]), num(f[3])); }
  if (!strcmp(op, "mq_unlink")) { NEED(1); return sys(mq_unlink(f[1])); }
  if (!strcmp(op, "mq_send")) { NEED(3); return do_mq_send(f[1], f[2], num(f[3])); }
  if (!strcmp(op, "mq_receive")) { NEED(1); return do_mq_receive(f[1], b.out, len); }
  if (!strcmp(op, "mq_getattr")) { NEED(1); return do_mq_getattr(f[1], b.out, len); }
  if (!strcmp(op, "link_add_veth")) { NEED(2); return do_link_add_veth(f[1], f[2]); }
  if (!strcmp(op, "link_del")) { NEED(1); return do_link_del(f[1]); }
  if (!strcmp(op, "link_set")) { NEED(2); return do_link_set(f[1], num(f[2])); }
  if (!strcmp(op, "link_setns")) { NEED(2); return do_link_setns(f[1], f[2]); }
  if (!strcmp(op, "addr_add")) { NEED(2); return do_addr(f[1], f[2], 1); }
  if (!strcmp(op, "addr_del")) { NEED(2); return do_addr(f[1], f[2], 0); }
  if (!strcmp(op, "link_list")) return do_dump(RTM_GETLINK, b.out, len);
  if (!strcmp(op, "addr_list")) return do_dump(RTM_GETADDR, b.out, len);
  if (!strcmp(op, "sched_setaffinity")) { NEED(2); return do_setaffinity((pid_t)num(f[1]), f[2]); }
  if (!strcmp(op, "sched_getaffinity")) { NEED(1); return do_getaffinity((pid_t)num(f[1]), b.out, len); }
  if (!strcmp(op, "exec")) return do_exec(f, n);
  if (!strcmp(op, "alloc")) { NEED(1); return alloc_mem(num(f[1])); }
  if (!strcmp(op, "symlink")) { NEED(2); return sys(symlink(f[1], f[2])); }
  if (!strcmp(op, "link")) { NEED(2); return sys(link(f[1], f[2])); }
  if (!strcmp(op, "chmod")) { NEED(2); return sys(chmod(f[1], (mode_t)num(f[2]))); }
  /* the agent's own building steps (sandbox setup) */
  if (!strcmp(op, "copy")) { NEED(3); return copy_file(f[1], f[2], (mode_t)num(f[3])); }
  if (!strcmp(op, "setsid")) return sys(setsid());
  /* root of its user namespace: ids 0 there (and no supplementary group of the host's) */
  if (!strcmp(op, "become_root")) {
    if (syscall(SYS_setgroups, 0, NULL) < 0 || syscall(SYS_setresgid, 0, 0, 0) < 0 || syscall(SYS_setresuid, 0, 0, 0) < 0) return -errno;
    /* a change of ids makes the task non-dumpable, which hides its /proc/PID files from its own namespace's root */
    return sys(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
  }
  if (!strcmp(op, "ns_chain")) { NEED(1); return ns_chain(f[1], b.out, len); }
  if (!strcmp(op, "pdeathsig")) { NEED(1); return sys(prctl(PR_SET_PDEATHSIG, num(f[1]), 0, 0, 0)); }
  return -ENOSYS;
}

/* "batch": the rest of the request is a list of requests (u32 length +
 * fields each), performed in order up to the first failure. The reply's
 * value is the number performed, or -errno with "index op" as text. */
static int64_t batch(struct chan ch, struct bufs b, char *p, char *end, uint32_t *len) {
  int64_t i = 0;
  char *f[64];
  while (p + 4 <= end) {
    uint32_t l;
    memcpy(&l, p, 4);
    p += 4;
    if (l == 0 || p + l > end || p[l - 1]) return -EINVAL;
    int n = 0;
    for (char *q = p; q < p + l && n < 64; n++) { f[n] = q; q += strlen(q) + 1; }
    p += l;
    if (!strcmp(f[0], "fork") || !strcmp(f[0], "clone") || !strcmp(f[0], "exit") || !strcmp(f[0], "exit_thread") ||
        !strcmp(f[0], "exec") || !strcmp(f[0], "batch")) return -EINVAL;
    int64_t r = perform(ch, b, f, n, len);
    if (r < 0) { *len = (uint32_t)snprintf(b.out, 256, "%ld %s", (long)i, f[0]); return r; }
    i++;
  }
  *len = 0;
  return i;
}

static void serve(struct chan ch, struct bufs b) {
  char *f[MAX_FIELDS];
  for (;;) {
    uint32_t len = 0, total;
    int n = read_request(ch.req, b.in, f, &total);
    if (n < 0) { /* the agent is gone */
      for (int i = 0; is_keeper && i < keeper_nchildren; i++) kill(keeper_children[i], SIGKILL);
      for (int i = 0; is_keeper && i < keeper_nchildren; i++) while (waitpid(keeper_children[i], NULL, __WALL) < 0 && errno == EINTR) {}
      _exit(0);
    }
    if (n == 0) { reply(ch.rep, -EINVAL, NULL, 0); continue; }
    int64_t r;
    if (!strcmp(f[0], "batch")) {
      r = batch(ch, b, b.in + 6, b.in + total, &len);
    } else {
      r = perform(ch, b, f, n, &len);
    }
    if (r != INT64_MIN) reply(ch.rep, r, b.out, len);
  }
}

/* The keeper is a puppet too: the agent starts it in the host with its
 * channel on stdin/stdout and asks it to clone the sandbox's init. It stays in
 * the host, outside the sandbox, and dies with the agent. */
int main(void) {
  /* no parent-death signal: the keeper outlives the agent just long enough to reap its inits */
  is_keeper = 1;
  prctl(PR_SET_NAME, "nslab-keeper", 0, 0, 0);
  if (getppid() == 1) return 127;
  /* nothing inherited beyond the channel */
  if (syscall(SYS_close_range, 3, ~0U, 0) < 0) return 127;
  struct chan ch = { fcntl(0, F_DUPFD_CLOEXEC, 3), fcntl(1, F_DUPFD_CLOEXEC, 3) };
  if (ch.req < 0 || ch.rep < 0) return 127;
  close(0); close(1); close(2);
  struct bufs b;
  if (alloc_bufs(&b) < 0) return 127;
  serve(ch, b);
  return 0;
}
