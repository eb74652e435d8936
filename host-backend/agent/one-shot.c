// one-shot: the reference sandbox made by hand in one C program, the
// baseline `npm run bench` measures nslab's "sandbox ready" against.
// It clones a child in new pid, mount, uts, ipc and net namespaces; the child
// joins a fresh pids cgroup, pivot_roots into a busybox root, mounts /proc
// there and execs /bin/true; the parent waits for it and removes the cgroup.
//
// usage: one-shot ROOT CGROUP
//   ROOT    a directory holding the root (bin/true, proc/)
//   CGROUP  a cgroup directory to create, in a hierarchy with the pids controller
// Exit status: the child's, or 1 with the failing step on stderr.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *root;
static int procs = -1;

static int fail(const char *what) { perror(what); return 1; }

static int child(void *unused) {
  (void)unused;
  if (write(procs, "0", 1) != 1) return fail("join the pids cgroup");
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return fail("make / private");
  if (mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0) return fail("bind the root");
  if (chdir(root) < 0) return fail("chdir root");
  if (syscall(SYS_pivot_root, ".", ".") < 0) return fail("pivot_root");
  if (umount2(".", MNT_DETACH) < 0) return fail("detach the old root");
  if (chdir("/") < 0) return fail("chdir /");
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) return fail("mount /proc");
  char *argv[] = { "true", NULL };
  execv("/bin/true", argv);
  return fail("exec /bin/true");
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: one-shot ROOT CGROUP\n"); return 2; }
  root = argv[1];
  const char *cg = argv[2];
  char path[4096];
  if (mkdir(cg, 0755) < 0) return fail("mkdir the cgroup");
  snprintf(path, sizeof path, "%s/cgroup.procs", cg);
  procs = open(path, O_WRONLY | O_CLOEXEC);
  if (procs < 0) { rmdir(cg); return fail("open cgroup.procs"); }
  size_t size = 64 << 10;
  char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) { rmdir(cg); return fail("mmap the stack"); }
  int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD;
  pid_t pid = clone(child, stack + size, flags, NULL);
  if (pid < 0) { rmdir(cg); return fail("clone"); }
  close(procs);
  int status;
  if (waitpid(pid, &status, 0) != pid) return fail("waitpid");
  if (rmdir(cg) < 0) return fail("rmdir the cgroup");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
