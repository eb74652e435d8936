// The kernel's system call table: the only things that cross the wasm
// boundary. Integers in, a value or -errno out; strings for paths and text.
// Every task is named by its PID in the machine's initial PID namespace
// (`caller`, `viewer`, `target`). No input may trap: every argument is
// checked here or in the sys_* function before anything changes.
// Functions that return text return "" on failure and set last_errno().

import { Task, pidNrNs, SIGNAL_GROUP_EXIT } from "./kernel/task";
import { machine, taskByRef } from "./kernel/machine";
import { bootMachine } from "./kernel/init";
import { kernelClone, ksysUnshare, lastChild as forkLastChild } from "./kernel/fork";
import { doGroupExit, doExit, doWait, waitStatus } from "./kernel/exit";
import { doKill } from "./kernel/signal";
import { sysGetpid, sysGetppid, sysGettid, sysSetUtsName, byteLength, sysGetid, sysSetid, sysPrctl } from "./kernel/sys";
import { doSetns } from "./ns/setns";
import { vfsRead, vfsWrite, vfsReadlink, vfsReaddir, vfsMkdir, vfsChdir, vfsChroot, vfsRemove, vfsSymlink, vfsLink, vfsChmod, vfsLstat, vfsErr } from "./fs/vfs";
import { doMount, doUmount, doPivotRoot, bindDevNode, setFileSize, setBuilding } from "./fs/namespace";
import { pathLookup, nameiErr } from "./fs/namei";
import { pseudoErr } from "./fs/pseudo";
import { UserNamespace } from "./ns/user_namespace";
import { PidNamespace } from "./ns/pid_namespace";
import { NS_PID, NS_USER, nsTypeFlag } from "./ns/ns_common";
import { checkInvariants } from "./kernel/invariants";
import {
  CSIGNAL, EINVAL, ENOSYS, ENOTTY, EPERM, ESRCH, NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_USERNS,
  SIGCHLD, MAX_PID_NS_LEVEL,
} from "./include/uapi";

let booted = false;
let errno: i32 = 0;
let childRef: i32 = 0;

/** The live task `ref` names (zombies cannot make calls). */
function caller(ref: i32): Task | null {
  if (!booted) return null;
  const t = taskByRef(ref);
  // a zombie makes no calls; nor does a task whose process is exiting (an init waiting in zap)
  if (!t || !t.alive() || (t.signal.flags & SIGNAL_GROUP_EXIT)) return null;
  return t;
}

function text(s: string, e: i32): string {
  errno = e == 0 ? 0 : -e;
  gcBytes += s.length << 1;
  return s;
}

// The kernel runs with AssemblyScript's minimal runtime: memory is collected
// only here, between calls, when the host asks — the one point where no
// object lives only on the wasm stack. Released tasks, pids and signal
// structs go back to the slab caches, so a steady fork/exit/wait loop makes
// little garbage; text output is what mostly does.
let gcBytes: i64 = 0;

/**
 * To be called by the host after every call (SimBackend does): collects
 * once the garbage made since the last collection (estimated: 64 bytes a
 * call plus the text returned) outgrows the live machine — so a collection,
 * whose cost follows the live heap, costs a constant share of each call.
 */
export function gc_tick(): i32 {
  gcBytes += 64;
  const live: i64 = booted ? <i64>machine.nrTasks : 0;
  const threshold: i64 = live * 4096 > 4194304 ? live * 4096 : 4194304;
  if (gcBytes < threshold) return 0;
  __collect();
  gcBytes = 0;
  return 1;
}

export function machine_boot(cpus: i32, memory_kib: i32, cgroup_mode: i32, pid_levels_left: i32, hostname: string, sandboxed: i32): i32 {
  if (cpus < 1 || cpus > 64 || memory_kib < 1024 || cgroup_mode < 1 || cgroup_mode > 3) return -EINVAL;
  if (pid_levels_left < 0 || pid_levels_left > MAX_PID_NS_LEVEL || byteLength(hostname) > 64) return -EINVAL;
  setBuilding(true);
  bootMachine(cpus, memory_kib, cgroup_mode, pid_levels_left, hostname, sandboxed != 0);
  booted = true;
  return 1;
}

export function sys_fork(ref: i32): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  return track(kernelClone(t, 0, SIGCHLD));
}

/** clone(2) as glibc's wrapper passes it: flags with the exit signal in the low byte. */
export function sys_clone(ref: i32, flags: u32): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  return track(kernelClone(t, flags & ~CSIGNAL, <i32>(flags & CSIGNAL)));
}

function track(r: i32): i32 {
  const c = forkLastChild;
  childRef = r > 0 && c ? unchecked(c.pid.numbers[0]).nr : 0;
  return r;
}

export function last_child(): i32 {
  return childRef;
}

/** exit(3) = exit_group(2): every thread of the caller's process ends with `status & 0xff`. */
export function sys_exit(ref: i32, status: i32): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  doGroupExit(t, (status & 0xff) << 8);
  return 0;
}

/** exit(2) itself: only the calling thread ends with `status & 0xff`. */
export function sys_exit_thread(ref: i32, status: i32): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  doExit(t, (status & 0xff) << 8);
  return 0;
}

export function sys_kill(ref: i32, pid: i32, sig: i32): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  return doKill(t, pid, sig);
}

export function sys_waitpid(ref: i32, pid: i32, options: i32): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  return doWait(t, pid, options);
}

export function last_status(): i32 {
  return waitStatus;
}

export function sys_getpid(ref: i32): i32 {
  const t = caller(ref);
  return t ? sysGetpid(t) : -ESRCH;
}

export function sys_getppid(ref: i32): i32 {
  const t = caller(ref);
  return t ? sysGetppid(t) : -ESRCH;
}

export function sys_gettid(ref: i32): i32 {
  const t = caller(ref);
  return t ? sysGettid(t) : -ESRCH;
}

export function sys_getuid(ref: i32): i32 {
  const t = caller(ref);
  return t ? sysGetid(t, false) : -ESRCH;
}

export function sys_getgid(ref: i32): i32 {
  const t = caller(ref);
  return t ? sysGetid(t, true) : -ESRCH;
}

export function sys_setuid(ref: i32, uid: i32): i32 {
  const t = caller(ref);
  return t ? sysSetid(t, uid, false) : -ESRCH;
}

export function sys_setgid(ref: i32, gid: i32): i32 {
  const t = caller(ref);
  return t ? sysSetid(t, gid, true) : -ESRCH;
}

export function sys_prctl(ref: i32, option: i32, arg2: i32): i32 {
  const t = caller(ref);
  return t ? sysPrctl(t, option, arg2) : -ESRCH;
}

export function sys_unshare(ref: i32, flags: u32): i32 {
  const t = caller(ref);
  return t ? ksysUnshare(t, flags) : -ESRCH;
}

export function sys_setns(ref: i32, path: string, nstype: u32): i32 {
  const t = caller(ref);
  return t ? doSetns(t, path, nstype) : -ESRCH;
}

export function sys_sethostname(ref: i32, name: string): i32 {
  const t = caller(ref);
  return t ? sysSetUtsName(t, name, false) : -ESRCH;
}

export function sys_setdomainname(ref: i32, name: string): i32 {
  const t = caller(ref);
  return t ? sysSetUtsName(t, name, true) : -ESRCH;
}

export function sys_gethostname(ref: i32): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  return text(t.nsproxy!.uts.nodename, 0);
}

export function sys_getdomainname(ref: i32): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  return text(t.nsproxy!.uts.domainname, 0);
}

export function sys_mount(ref: i32, source: string, target: string, fstype: string, flags: u32, data: string): i32 {
  const t = caller(ref);
  return t ? doMount(t, source, target, fstype, flags, data) : -ESRCH;
}

export function sys_umount2(ref: i32, target: string, flags: i32): i32 {
  const t = caller(ref);
  return t ? doUmount(t, target, flags) : -ESRCH;
}

export function sys_pivot_root(ref: i32, new_root: string, put_old: string): i32 {
  const t = caller(ref);
  return t ? doPivotRoot(t, new_root, put_old) : -ESRCH;
}

export function sys_rmdir(ref: i32, path: string): i32 {
  const t = caller(ref);
  return t ? vfsRemove(t, path, true) : -ESRCH;
}

export function sys_unlink(ref: i32, path: string): i32 {
  const t = caller(ref);
  return t ? vfsRemove(t, path, false) : -ESRCH;
}

export function sys_symlink(ref: i32, target: string, linkpath: string): i32 {
  const t = caller(ref);
  return t ? vfsSymlink(t, target, linkpath) : -ESRCH;
}

export function sys_link(ref: i32, oldpath: string, newpath: string): i32 {
  const t = caller(ref);
  return t ? vfsLink(t, oldpath, newpath) : -ESRCH;
}

export function sys_chmod(ref: i32, path: string, mode: i32): i32 {
  const t = caller(ref);
  return t ? vfsChmod(t, path, mode) : -ESRCH;
}

/** lstat(2) as "TYPE MODE SIZE NLINK UID GID" (see host-backend/backend.ts). */
export function sys_lstat(ref: i32, path: string): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const s = vfsLstat(t, path);
  return text(s, vfsErr);
}

/**
 * Machine building only (the host agent bind-mounts the host's device
 * nodes): bind-mounts devtmpfs's node `name` on `target`, as `ref`.
 */
export function machine_bind_dev(ref: i32, name: string, target: string): i32 {
  const t = caller(ref);
  return t ? bindDevNode(t, name, target) : -ESRCH;
}

/** The machine is built: from now on every rule applies as to the tasks of a running machine. */
export function machine_built(): i32 {
  if (!booted) return -ESRCH;
  setBuilding(false);
  return 0;
}

/** Machine building only: a file copied from the host (busybox) has that host file's size. */
export function machine_set_size(ref: i32, path: string, size: i32): i32 {
  const t = caller(ref);
  return t ? setFileSize(t, path, size) : -ESRCH;
}

export function sys_chroot(ref: i32, path: string): i32 {
  const t = caller(ref);
  return t ? vfsChroot(t, path) : -ESRCH;
}

export function sys_chdir(ref: i32, path: string): i32 {
  const t = caller(ref);
  return t ? vfsChdir(t, path) : -ESRCH;
}

export function sys_mkdir(ref: i32, path: string, mode: i32): i32 {
  const t = caller(ref);
  return t ? vfsMkdir(t, path, mode) : -ESRCH;
}

/** prctl(PR_SET_NAME): the first 15 bytes become the thread's comm. */
export function sys_set_comm(ref: i32, name: string): i32 {
  const t = caller(ref);
  if (!t) return -ESRCH;
  let n = name;
  while (byteLength(n) > 15) n = n.substring(0, n.length - 1);
  t.comm = n;
  return 0;
}

/** ioctl_ns(2) on the namespace file at `path`; NS_GET_PARENT/USERNS give the link text. */
export function sys_ioctl_ns(ref: i32, path: string, request: i32): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const nd = pathLookup(t, path, true);
  if (!nd) return text("", nameiErr);
  const node = nd.node;
  if (!node) return text("", ENOTTY);
  const ns = node.nsTarget();
  if (!ns) return text("", pseudoErr == EINVAL ? ENOTTY : pseudoErr);
  if (request == NS_GET_NSTYPE) return text(nsTypeFlag(ns.type).toString(), 0);
  if (request == NS_GET_USERNS) {
    const owner = ns.type == NS_USER ? changetype<UserNamespace>(ns).parent : changetype<UserNamespace>(ns.owner);
    // ns_get_owner(): the owner must lie within the caller's user namespace
    if (!owner || !owner.isWithin(t.cred.userNs)) return text("", EPERM);
    return text(owner.link(), 0);
  }
  if (request == NS_GET_PARENT) {
    if (ns.type == NS_PID) {
      const parent = changetype<PidNamespace>(ns).parent;
      // not above the caller's own pid namespace
      if (!parent || !parent.isWithin(t.activePidNs())) return text("", EPERM);
      return text(parent.link(), 0);
    }
    if (ns.type == NS_USER) {
      const parent = changetype<UserNamespace>(ns).parent;
      if (!parent || !parent.isWithin(t.cred.userNs)) return text("", EPERM);
      return text(parent.link(), 0);
    }
    return text("", EINVAL);
  }
  if (request == NS_GET_OWNER_UID) {
    if (ns.type != NS_USER) return text("", EINVAL);
    const uns = changetype<UserNamespace>(ns);
    return text(t.cred.userNs.uidMunged(uns.ownerUid).toString(), 0);
  }
  return text("", ENOTTY);
}

export function vfs_read(ref: i32, path: string): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const s = vfsRead(t, path);
  return text(s, vfsErr);
}

export function vfs_write(ref: i32, path: string, data: string): i32 {
  const t = caller(ref);
  return t ? vfsWrite(t, path, data) : -ESRCH;
}

export function vfs_readlink(ref: i32, path: string): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const s = vfsReadlink(t, path);
  return text(s, vfsErr);
}

export function vfs_readdir(ref: i32, path: string): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const s = vfsReaddir(t, path);
  return text(s, vfsErr);
}

export function last_errno(): i32 {
  return errno;
}

/** pid_nr_ns(target, task_active_pid_ns(viewer)); zombies may be viewed and may view. */
export function pid_of(viewer: i32, target: i32): i32 {
  if (!booted) return -ESRCH;
  const v = taskByRef(viewer), t = taskByRef(target);
  if (!v || !t) return -ESRCH;
  return pidNrNs(t.pid, v.activePidNs());
}

/** "" while every invariant of the model holds, else what broke. */
export function kernel_check(): string {
  if (!booted) return "";
  const broken = checkInvariants();
  return broken.length > 0 ? broken : cgroupCheck();
}

export function task_count(): i32 {
  return booted ? machine.nrTasks : 0;
}

// ---- cgroup controllers (cgroup/syscalls.ts)
import { sysSchedSetaffinity, sysSchedGetaffinity, sysAlloc, affinityErr } from "./cgroup/syscalls";

/** sched_setaffinity(2) of task `pid` (0: the caller) to the CPUs of list `cpus` ("0,2,4,6"). */
export function sys_sched_setaffinity(ref: i32, pid: i32, cpus: string): i32 {
  const t = caller(ref);
  return t ? sysSchedSetaffinity(t, pid, cpus) : -ESRCH;
}

/** sched_getaffinity(2): the CPU list ("0-7"); "" with last_errno() on failure. */
export function sys_sched_getaffinity(ref: i32, pid: i32): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const s = sysSchedGetaffinity(t, pid);
  return text(s, affinityErr);
}

/** The simulated allocation: `bytes` of memory charged to the caller's memory cgroup (OOM killer past its limit). */
export function sys_alloc(ref: i32, bytes: f64): i32 {
  const t = caller(ref);
  return t ? sysAlloc(t, bytes) : -ESRCH;
}

// ---- IPC namespaces (ipc/): System V objects and POSIX message queues ----
import { ksysMsgget, ksysMsgsnd, ksysMsgrcv, ksysMsgctl, msgrcvText } from "./ipc/msg";
import { ksysSemget, ksysSemop, ksysSemctl } from "./ipc/sem";
import { ksysShmget, ksysShmctl } from "./ipc/shm";
import { ksysMqOpen, ksysMqUnlink, ksysMqSend, ksysMqReceive, ksysMqGetattr, mqReceiveText, mqAttrErr } from "./ipc/mqueue";
import { rtnlLinkAddVeth, rtnlLinkDel, rtnlLinkSet, rtnlLinkSetns, rtnlAddrAdd, rtnlAddrDel, rtnlLinkList, rtnlAddrList } from "./net/rtnetlink";

export function sys_msgget(ref: i32, key: i32, msgflg: i32): i32 {
  const t = caller(ref);
  return t ? ksysMsgget(t, key, msgflg) : -ESRCH;
}

/** msgsnd(2) of a text message of type `mtype` (its size is the text's UTF-8 length). */
export function sys_msgsnd(ref: i32, msqid: i32, mtype: i32, msgtext: string, msgflg: i32): i32 {
  const t = caller(ref);
  return t ? ksysMsgsnd(t, msqid, mtype, msgtext, msgflg) : -ESRCH;
}

/** msgrcv(2): the bytes copied; the message's text in last_text(). */
export function sys_msgrcv(ref: i32, msqid: i32, msgsz: i32, msgtyp: i32, msgflg: i32): i32 {
  const t = caller(ref);
  lastText = "";
  if (!t) return -ESRCH;
  const r = ksysMsgrcv(t, msqid, msgsz, msgtyp, msgflg);
  lastText = msgrcvText;
  return r;
}

export function sys_msgctl(ref: i32, msqid: i32, cmd: i32): i32 {
  const t = caller(ref);
  return t ? ksysMsgctl(t, msqid, cmd) : -ESRCH;
}

export function sys_semget(ref: i32, key: i32, nsems: i32, semflg: i32): i32 {
  const t = caller(ref);
  return t ? ksysSemget(t, key, nsems, semflg) : -ESRCH;
}

/** semop(2) with one struct sembuf. */
export function sys_semop(ref: i32, semid: i32, sem_num: i32, sem_op: i32, sem_flg: i32): i32 {
  const t = caller(ref);
  return t ? ksysSemop(t, semid, sem_num, sem_op, sem_flg) : -ESRCH;
}

export function sys_semctl(ref: i32, semid: i32, semnum: i32, cmd: i32, arg: i32): i32 {
  const t = caller(ref);
  return t ? ksysSemctl(t, semid, semnum, cmd, arg) : -ESRCH;
}

export function sys_shmget(ref: i32, key: i32, size: i32, shmflg: i32): i32 {
  const t = caller(ref);
  return t ? ksysShmget(t, key, size, shmflg) : -ESRCH;
}

export function sys_shmctl(ref: i32, shmid: i32, cmd: i32): i32 {
  const t = caller(ref);
  return t ? ksysShmctl(t, shmid, cmd) : -ESRCH;
}

export function sys_mq_open(ref: i32, name: string, oflag: i32, mode: i32): i32 {
  const t = caller(ref);
  return t ? ksysMqOpen(t, name, oflag, mode) : -ESRCH;
}

export function sys_mq_unlink(ref: i32, name: string): i32 {
  const t = caller(ref);
  return t ? ksysMqUnlink(t, name) : -ESRCH;
}

export function sys_mq_send(ref: i32, name: string, msgtext: string, prio: i32): i32 {
  const t = caller(ref);
  return t ? ksysMqSend(t, name, msgtext, prio) : -ESRCH;
}

/** mq_receive(3): the message's length; its text in last_text(). */
export function sys_mq_receive(ref: i32, name: string): i32 {
  const t = caller(ref);
  lastText = "";
  if (!t) return -ESRCH;
  const r = ksysMqReceive(t, name);
  lastText = mqReceiveText;
  return r;
}

/** mq_getattr(3) as "flags maxmsg msgsize curmsgs". */
export function sys_mq_getattr(ref: i32, name: string): string {
  const t = caller(ref);
  if (!t) return text("", ESRCH);
  const s = ksysMqGetattr(t, name);
  return text(s, -mqAttrErr);
}

/** The text the last sys_msgrcv/sys_mq_receive took. */
let lastText: string = "";
export function last_text(): string {
  return lastText;
}

// ---- network namespaces (net/): rtnetlink requests of `ip link` / `ip addr` ----

export function sys_link_add_veth(ref: i32, name: string, peer: string): i32 {
  const t = caller(ref);
  return t ? rtnlLinkAddVeth(t, name, peer) : -ESRCH;
}

export function sys_link_del(ref: i32, name: string): i32 {
  const t = caller(ref);
  return t ? rtnlLinkDel(t, name) : -ESRCH;
}

export function sys_link_set(ref: i32, name: string, up: i32): i32 {
  const t = caller(ref);
  return t ? rtnlLinkSet(t, name, up) : -ESRCH;
}

export function sys_link_setns(ref: i32, name: string, path: string): i32 {
  const t = caller(ref);
  return t ? rtnlLinkSetns(t, name, path) : -ESRCH;
}

export function sys_addr_add(ref: i32, name: string, addr: string): i32 {
  const t = caller(ref);
  return t ? rtnlAddrAdd(t, name, addr) : -ESRCH;
}

export function sys_addr_del(ref: i32, name: string, addr: string): i32 {
  const t = caller(ref);
  return t ? rtnlAddrDel(t, name, addr) : -ESRCH;
}

/** RTM_GETLINK dump of the caller's network namespace, one device a line (net/rtnetlink.ts). */
export function sys_link_list(ref: i32): string {
  const t = caller(ref);
  return t ? text(rtnlLinkList(t), 0) : text("", ESRCH);
}

/** RTM_GETADDR dump of the caller's network namespace, one address a line (net/rtnetlink.ts). */
export function sys_addr_list(ref: i32): string {
  const t = caller(ref);
  return t ? text(rtnlAddrList(t), 0) : text("", ESRCH);
}

import { cgroupCheck } from "./cgroup/invariants";
