// fs/proc/root.c, base.c, namespaces.c, proc_sysctl.c: the proc tree as one
// instance (tied to a PID namespace) shows it to a reading task.
//
// Differences from Linux: only the files the model can fill are readable;
// the others are listed (so `ls` matches Linux 6.18) and reading them gives
// ENOSYS ("not modelled"). /proc/sys holds only kernel/{hostname,
// domainname,pid_max,ns_last_pid}.

import { Task, pidNrNs, tgidNrNs } from "../../kernel/task";
import { PidNamespace } from "../../ns/pid_namespace";
import { NsCommon, NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_TIME, NS_USER, NS_UTS } from "../../ns/ns_common";
import { renderStatus, renderStat } from "./array";
import { SYSVIPC_FILES, sysvipcShow } from "../../ipc/proc";
import { procNetDev } from "../../net/proc";
import { timensOffsetsShow, timensOffsetsWrite } from "../../time/namespace";
import { nsCapable, UserNamespace } from "../../ns/user_namespace";
import { PseudoNode, setPseudoErr, pseudoErr } from "../pseudo";
import { Nd, dPath, followMounts } from "../namei";
import { Mount } from "../mount";
import { SuperBlock } from "../super";
import { renderMountinfo, renderMounts } from "../proc_namespace";
import { procCgroupRead } from "../../cgroup/cgroup";
import { renderIdMap, writeIdMap, renderSetgroups, writeSetgroups } from "../../ns/user_maps";
import { EACCES, EINVAL, EIO, EISDIR, ENOENT, ENOSYS, ENOTDIR, EPERM, ESRCH, NEW_UTS_LEN, PID_MAX_LIMIT } from "../../include/uapi";
import { PID_WRAP_MIN } from "../../kernel/pid";

export const P_ROOT: i32 = 0;
export const P_PIDDIR: i32 = 1;
export const P_FILE: i32 = 2;
export const P_NSDIR: i32 = 3;
export const P_NSLINK: i32 = 4;
export const P_TASKDIR: i32 = 5;
export const P_SELF: i32 = 6;
export const P_THREADSELF: i32 = 7;
export const P_DIR: i32 = 8;
export const P_SYSFILE: i32 = 9;
export const P_LINK: i32 = 10;

/** /proc's own entries on Linux 6.18 (besides self, thread-self and the pids). */
const ROOT_ENTRIES: string[] = ["acpi", "buddyinfo", "bus", "cgroups", "cmdline", "config.gz", "consoles", "cpuinfo",
  "crypto", "devices", "diskstats", "dma", "driver", "execdomains", "filesystems", "fs", "interrupts", "iomem",
  "ioports", "irq", "kallsyms", "key-users", "keys", "kmsg", "kpagecgroup", "kpagecount", "kpageflags", "loadavg",
  "locks", "meminfo", "misc", "mounts", "mtrr", "net", "pagetypeinfo", "partitions", "pressure", "slabinfo",
  "softirqs", "stat", "swaps", "sys", "sysvipc", "timer_list", "tty", "uptime", "version", "vmallocinfo", "vmstat",
  "zoneinfo"];
const ROOT_DIRS: string[] = ["acpi", "bus", "driver", "fs", "irq", "net", "pressure", "sys", "sysvipc", "tty"];

/** /proc/T's entries on Linux 6.18 */
const PID_ENTRIES: string[] = ["arch_status", "attr", "autogroup", "auxv", "cgroup", "clear_refs", "cmdline", "comm",
  "coredump_filter", "cpuset", "cwd", "environ", "exe", "fd", "fdinfo", "gid_map", "io", "ksm_merging_pages",
  "ksm_stat", "limits", "loginuid", "map_files", "maps", "mem", "mountinfo", "mounts", "mountstats", "net", "ns",
  "numa_maps", "oom_adj", "oom_score", "oom_score_adj", "pagemap", "personality", "projid_map", "root", "sched",
  "schedstat", "sessionid", "setgroups", "smaps", "smaps_rollup", "stack", "stat", "statm", "status", "syscall",
  "task", "timens_offsets", "timers", "timerslack_ns", "uid_map", "wchan"];
const PID_DIRS: string[] = ["attr", "fd", "fdinfo", "map_files", "net", "ns", "task"];
const PID_LINKS: string[] = ["cwd", "exe", "root"];
/** /proc/T/task/N has the same, minus a few process-wide ones */
/** /proc/T files that have a write operation on Linux */
const PID_WRITABLE: string[] = ["clear_refs", "comm", "coredump_filter", "gid_map", "loginuid", "mem", "oom_adj",
  "oom_score_adj", "projid_map", "sched", "setgroups", "timens_offsets", "timerslack_ns", "uid_map"];
const NS_ENTRIES: string[] = ["cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"];

const SYS_KERNEL: string[] = ["domainname", "hostname", "ns_last_pid", "pid_max"];


/** Membership sets of the name lists above (a lookup per path component). */
function setOf(names: string[]): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i < names.length; i++) s.add(unchecked(names[i]));
  return s;
}
const ROOT_ENTRIES_SET = setOf(ROOT_ENTRIES);
const ROOT_DIRS_SET = setOf(ROOT_DIRS);
const PID_ENTRIES_SET = setOf(PID_ENTRIES);
const PID_DIRS_SET = setOf(PID_DIRS);
const PID_LINKS_SET = setOf(PID_LINKS);
const NS_ENTRIES_SET = setOf(NS_ENTRIES);
const PID_WRITABLE_SET = setOf(PID_WRITABLE);
const SYS_KERNEL_SET = setOf(SYS_KERNEL);

/** A position in a proc instance. */
export class ProcEntry extends PseudoNode {
  constructor(
    public kind: i32,
    public ns: PidNamespace,
    /** the task a per-pid entry is about */
    public task: Task | null,
    /** a thread's own directory (/proc/T/task/N) rather than its process's */
    public thread: bool,
    /** the file's or link's name; for P_DIR the path below /proc */
    name: string,
    parent: ProcEntry | null,
  ) {
    super(parent, name);
  }

  isDir(): bool {
    return procIsDir(this);
  }

  isLink(): bool {
    return procIsLink(this);
  }

  lookup(name: string, reader: Task): PseudoNode | null {
    const e = procLookup(this, name, reader);
    if (!e) setPseudoErr(procErr);
    return e;
  }

  readdir(reader: Task): string[] {
    return procReaddir(this, reader);
  }

  read(reader: Task): string {
    const s = procRead(this, reader);
    setPseudoErr(procErr);
    return s;
  }

  write(reader: Task, text: string): i32 {
    return procWrite(this, reader, text);
  }

  readlink(reader: Task): string {
    const s = procReadlink(this, reader);
    setPseudoErr(procErr);
    return s;
  }

  nsTarget(): NsCommon | null {
    if (this.kind != P_NSLINK) {
      setPseudoErr(EINVAL);
      return null;
    }
    const ns = procNsTarget(this);
    if (!ns) setPseudoErr(procErr);
    return ns;
  }

  mkdir(name: string, reader: Task): i32 {
    return -ENOENT;
  }

  mode(): u32 {
    if (this.kind == P_SYSFILE) return this.name == "ns_last_pid" ? 0o666 : this.name.startsWith("sysvipc/") ? 0o444 : 0o644;
    if (this.kind == P_FILE && PID_WRITABLE_SET.has(this.name)) return 0o644;
    return super.mode();
  }

  /**
   * /proc/T entries belong to T's owner — or, when T is not dumpable, to
   * root of its user namespace (task_dump_owner()); /proc itself and
   * /proc/sys to the global root.
   */
  ownerUid(reader: Task): u32 {
    const t = this.task;
    if (t && this.kind != P_ROOT) return taskDumpOwner(t);
    // pid_max sits in its pid namespace's sysctl set, owned by that namespace's root
    if (this.kind == P_SYSFILE && this.name == "pid_max") return rootKid(changetype<UserNamespace>(reader.activePidNs().owner));
    // /proc itself, self, thread-self and the rest of /proc/sys: the global root's
    return 0;
  }
}

export let procErr: i32 = 0;

function fail(e: i32): ProcEntry | null {
  procErr = e;
  return null;
}

function parseNr(s: string): i32 {
  if (s.length == 0 || s.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  if (s.length > 1 && s.charCodeAt(0) == 48) return -1;
  return n;
}

export function procRoot(ns: PidNamespace): ProcEntry {
  return new ProcEntry(P_ROOT, ns, null, false, "", null);
}

/** One lookup step in directory `dir` (proc_root_lookup, proc_pid_lookup, ...). */
export function procLookup(dir: ProcEntry, name: string, reader: Task): ProcEntry | null {
  const ns = dir.ns;
  if (dir.kind == P_ROOT) {
    if (name == "self") return new ProcEntry(P_SELF, ns, null, false, name, dir);
    if (name == "thread-self") return new ProcEntry(P_THREADSELF, ns, null, false, name, dir);
    const nr = parseNr(name);
    if (nr > 0) {
      // any visible thread id opens a directory (listed or not), as its process's
      const pid = ns.idrFind(nr);
      if (!pid || !pid.task) return fail(ENOENT);
      return new ProcEntry(P_PIDDIR, ns, pid.task, false, name, dir);
    }
    if (name == "mounts" || name == "net") return new ProcEntry(P_LINK, ns, null, false, name, dir);
    if (name == "sys") return new ProcEntry(P_DIR, ns, null, false, "sys", dir);
    if (ROOT_ENTRIES_SET.has(name)) {
      return new ProcEntry(ROOT_DIRS_SET.has(name) ? P_DIR : P_FILE, ns, null, false, name, dir);
    }
    return fail(ENOENT);
  }
  if (dir.kind == P_PIDDIR) {
    if (name == "ns") return new ProcEntry(P_NSDIR, ns, dir.task, dir.thread, name, dir);
    if (name == "task" && !dir.thread) return new ProcEntry(P_TASKDIR, ns, dir.task, false, name, dir);
    if (PID_ENTRIES_SET.has(name) && !(dir.thread && name == "task")) {
      if (PID_LINKS_SET.has(name)) return new ProcEntry(P_LINK, ns, dir.task, dir.thread, name, dir);
      return new ProcEntry(PID_DIRS_SET.has(name) ? P_DIR : P_FILE, ns, dir.task, dir.thread, name, dir);
    }
    return fail(ENOENT);
  }
  if (dir.kind == P_NSDIR) {
    if (NS_ENTRIES_SET.has(name)) return new ProcEntry(P_NSLINK, ns, dir.task, dir.thread, name, dir);
    return fail(ENOENT);
  }
  if (dir.kind == P_TASKDIR) {
    const nr = parseNr(name);
    const pid = nr > 0 ? ns.idrFind(nr) : null;
    if (!pid || !pid.task || pid.task!.signal !== dir.task!.signal) return fail(ENOENT);
    return new ProcEntry(P_PIDDIR, ns, pid.task, true, name, dir);
  }
  if (dir.kind == P_DIR) {
    if (dir.name == "sys" && name == "kernel") return new ProcEntry(P_DIR, ns, null, false, "sys/kernel", dir);
    if (dir.name == "sys/kernel" && SYS_KERNEL_SET.has(name)) return new ProcEntry(P_SYSFILE, ns, null, false, name, dir);
    // ipc/, net/: /proc/sysvipc/{msg,sem,shm}, /proc/T/net/dev
    if (dir.name == "sysvipc" && SYSVIPC_FILES.includes(name)) return new ProcEntry(P_SYSFILE, ns, null, false, "sysvipc/" + name, dir);
    if (dir.name == "net" && dir.task && name == "dev") return new ProcEntry(P_FILE, ns, dir.task, dir.thread, "net/dev", dir);
    return fail(ENOENT);
  }
  return fail(ENOTDIR);
}

export function procIsDir(e: ProcEntry): bool {
  const k = e.kind;
  return k == P_ROOT || k == P_PIDDIR || k == P_NSDIR || k == P_TASKDIR || k == P_DIR;
}

export function procIsLink(e: ProcEntry): bool {
  const k = e.kind;
  return k == P_SELF || k == P_THREADSELF || k == P_NSLINK || k == P_LINK;
}

function nsTypeOf(name: string): i32 {
  if (name == "cgroup") return NS_CGROUP;
  if (name == "ipc") return NS_IPC;
  if (name == "mnt") return NS_MNT;
  if (name == "net") return NS_NET;
  if (name == "pid" || name == "pid_for_children") return NS_PID;
  if (name == "time" || name == "time_for_children") return NS_TIME;
  if (name == "user") return NS_USER;
  return NS_UTS;
}

/**
 * The namespace behind /proc/T/ns/NAME (ns_get_path()), or null with
 * ENOENT: a zombie has no nsproxy, so only its pid and user links resolve;
 * pid_for_children resolves once its namespace has an init.
 */
export function procNsTarget(e: ProcEntry): NsCommon | null {
  const t = e.task!;
  if (e.name == "pid") return t.activePidNs();
  if (e.name == "user") return t.cred.userNs;
  const nsp = t.nsproxy;
  if (!nsp || !t.alive()) { procErr = ENOENT; return null; }
  const type = nsTypeOf(e.name);
  if (type == NS_CGROUP) return nsp.cgroup;
  if (type == NS_IPC) return nsp.ipc;
  if (type == NS_MNT) return nsp.mnt;
  if (type == NS_NET) return nsp.net;
  if (type == NS_UTS) return nsp.uts;
  if (e.name == "pid_for_children") {
    // pidns_for_children_get(): unresolvable until the namespace's init exists
    const pfc = nsp.pidForChildren;
    if (!pfc.childReaper && pfc.adding) { procErr = ENOENT; return null; }
    return pfc;
  }
  if (e.name == "time_for_children") return nsp.timeForChildren;
  return nsp.time;
}

/** readlink() of a proc symlink; "" with procErr set on failure. Paths are relative to /proc. */
export function procReadlink(e: ProcEntry, reader: Task): string {
  const ns = e.ns;
  if (e.kind == P_SELF || e.kind == P_THREADSELF) {
    const tgid = tgidNrNs(reader, ns);
    if (tgid == 0) { procErr = ENOENT; return ""; }
    if (e.kind == P_SELF) return tgid.toString();
    return tgid.toString() + "/task/" + pidNrNs(reader.pid, ns).toString();
  }
  if (e.kind == P_NSLINK) {
    if (!mayPtraceRead(reader, e.task!)) { procErr = EACCES; return ""; }
    const target = procNsTarget(e);
    if (!target) return "";
    return target.link();
  }
  if (e.kind == P_LINK && e.name == "mounts") return "self/mounts";
  if (e.kind == P_LINK && e.name == "net" && !e.task) return "self/net";
  if (e.kind == P_LINK && e.task) {
    const t = e.task!;
    if (e.name == "root" || e.name == "cwd") {
      // d_path() of the task's root or cwd, as the reader's root sees it
      if (!t.alive()) { procErr = ENOENT; return ""; }
      const p = e.name == "root" ? t.fs.root : t.fs.pwd;
      return dPath(reader.fs.root, p.mnt, p.dentry, p.node, true);
    }
  }
  procErr = ENOSYS;
  return "";
}

/** The walk's result at a magic link: the namespace file itself, or the task's root or cwd. */
export function procJumpAt(reader: Task, node: PseudoNode, mnt: Mount): Nd | null {
  if (!(node instanceof ProcEntry)) return null;
  const e = <ProcEntry>node;
  if (e.kind == P_NSLINK) return new Nd(mnt, null, e);
  if (e.kind == P_LINK && e.task && (e.name == "root" || e.name == "cwd")) {
    const t = e.task!;
    if (!t.alive()) return null;
    const p = e.name == "root" ? t.fs.root : t.fs.pwd;
    if (p.node) return new Nd(p.mnt, null, p.node);
    return followMounts(reader, p.mnt, p.dentry!);
  }
  return null;
}

/** The root entry of a new proc instance. */
export function procFsRoot(sb: SuperBlock): PseudoNode {
  return procRoot(sb.pidNs!);
}

/** getdents() of a proc directory: names sorted by byte value. */
export function procReaddir(e: ProcEntry, reader: Task): string[] {
  const ns = e.ns;
  let names: string[] = [];
  if (e.kind == P_ROOT) {
    names = ROOT_ENTRIES.slice(0);
    names.push("self");
    names.push("thread-self");
    // every thread group leader visible here (zombies included)
    const nrs = ns.numbers();
    for (let i = 0; i < nrs.length; i++) {
      const pid = ns.idrFind(unchecked(nrs[i]));
      if (pid && pid.task && pid.task!.isLeader()) names.push(unchecked(nrs[i]).toString());
    }
  } else if (e.kind == P_PIDDIR) {
    names = PID_ENTRIES.slice(0);
    if (e.thread) names.splice(names.indexOf("task"), 1);
  } else if (e.kind == P_NSDIR) {
    names = NS_ENTRIES.slice(0);
  } else if (e.kind == P_TASKDIR) {
    const th = e.task!.signal.threads;
    for (let i = 0; i < th.length; i++) {
      const nr = pidNrNs(unchecked(th[i]).pid, ns);
      // every thread not yet released, a zombie leader included
      if (nr > 0) names.push(nr.toString());
    }
  } else if (e.kind == P_DIR && e.name == "sys") {
    names = ["kernel"];
  } else if (e.kind == P_DIR && e.name == "sys/kernel") {
    names = SYS_KERNEL.slice(0);
  } else if (e.kind == P_DIR && e.name == "sysvipc") {
    names = SYSVIPC_FILES.slice(0);
  } else if (e.kind == P_DIR && e.name == "net" && e.task) {
    names = ["dev"];
  }
  names.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
  return names;
}

/** read() of a proc file; "" with procErr set on failure (procErr 0: empty file). */
export function procRead(e: ProcEntry, reader: Task): string {
  procErr = 0;
  const ns = e.ns;
  if (procIsDir(e)) { procErr = EISDIR; return ""; }
  if (e.kind == P_NSLINK) { procErr = EINVAL; return ""; }
  if (e.kind == P_SYSFILE) {
    if (e.name == "hostname") return reader.nsproxy!.uts.nodename + "\n";
    if (e.name == "domainname") return reader.nsproxy!.uts.domainname + "\n";
    if (e.name == "pid_max") return reader.activePidNs().pidMax.toString() + "\n";
    if (e.name == "ns_last_pid") return reader.activePidNs().lastPid.toString() + "\n";
    if (e.name.startsWith("sysvipc/")) return sysvipcShow(e.name.substring(8), reader);
  }
  const t = e.task;
  if (t) {
    if (e.name == "status") return renderStatus(t, ns, reader);
    if (e.name == "stat") return renderStat(t, ns, reader);
    if (e.name == "comm") return t.comm + "\n";
    // a zombie has no namespaces: its net directory is gone, its offsets ESRCH
    if (e.name == "net/dev") { if (!t.alive()) { procErr = ENOENT; return ""; } return procNetDev(t.nsproxy!.net); }
    if (e.name == "timens_offsets") { if (!t.alive()) { procErr = ESRCH; return ""; } return timensOffsetsShow(t); }
    if (e.name == "cmdline") return t.alive() ? t.cmdline : "";
    if (e.name == "uid_map") return renderIdMap(t.cred.userNs, reader, false);
    if (e.name == "gid_map") return renderIdMap(t.cred.userNs, reader, true);
    if (e.name == "setgroups") return renderSetgroups(t.cred.userNs);
    if (e.name == "mountinfo") return t.alive() ? renderMountinfo(t) : "";
    if (e.name == "mounts") return t.alive() ? renderMounts(t) : "";
    if (e.name == "cgroup") {
      const s = procCgroupRead(t, reader);
      procErr = pseudoErr;
      if (s.length > 0) procErr = 0;
      return s;
    }
  }
  procErr = ENOSYS;
  return "";
}


/** task_dump_owner(): the task's euid, or root of its user namespace when it is not dumpable. */
export function taskDumpOwner(t: Task): u32 {
  return t.dumpable ? t.cred.uid : rootKid(t.mmUserNs);
}

/** The kuid uid 0 of `ns` maps to; the global root's when unmapped. */
function rootKid(ns: UserNamespace): u32 {
  const root = ns.toKid(0, ns.uidMap);
  return root < 0 ? 0 : <u32>root;
}

/**
 * The permission check of open(O_WRONLY) on a proc file: its owner may
 * write a file whose mode lets the owner write; anyone else needs
 * CAP_DAC_OVERRIDE in its own user namespace, over an owner that namespace
 * maps (capable_wrt_inode_uidgid()).
 */
function mayWrite(e: ProcEntry, writer: Task): bool {
  const owner = e.ownerUid(writer);
  if (writer.cred.uid == owner && (e.mode() & 0o200) != 0) return true;
  const ns = writer.cred.userNs;
  return writer.cred.capFull && ns.fromKid(owner, ns.uidMap) >= 0;
}

/**
 * sysctl_perm() for a write: no capability overrides the mode. pid_max's
 * bits are pid_table_root_permissions()'s: the owner's for root of the
 * caller's pid namespace or CAP_SYS_ADMIN over its owner, the group's for
 * that root's group; every other file's are test_perm()'s: the owner's for
 * the global root (kuid 0), the group's for its group.
 */
function sysctlMayWrite(e: ProcEntry, writer: Task): bool {
  const m = e.mode();
  let bits: u32;
  if (e.name == "pid_max") {
    const owner = changetype<UserNamespace>(writer.activePidNs().owner);
    bits = nsCapable(writer.cred, owner) || <i64>writer.cred.uid == owner.toKid(0, owner.uidMap) ? m >> 6
      : <i64>writer.cred.gid == owner.toKid(0, owner.gidMap) ? m >> 3 : m;
  } else {
    bits = writer.cred.uid == 0 ? m >> 6 : writer.cred.gid == 0 ? m >> 3 : m;
  }
  return (bits & 2) != 0;
}

/**
 * proc_dointvec_minmax()'s reading of one integer (proc_get_long()): blanks
 * before it skipped, base 0 (0x hex, a leading 0 octal), a blank or the end
 * after it. Returns the value, or -1 when there is none or it is malformed
 * or negative (below every range here), and in `sysctlTaken` the bytes the
 * write consumed (the value and the blanks after it).
 */
let sysctlTaken: i32 = 0;
function sysctlInt(s: string): i64 {
  const blank = (c: i32): bool => c == 0x20 || c == 0x09 || c == 0x0a;
  let i = 0;
  while (i < s.length && blank(s.charCodeAt(i))) i++;
  let base = 10;
  if (s.charCodeAt(i) == 0x30) {
    base = 8;
    if (i + 1 < s.length && (s.charCodeAt(i + 1) | 0x20) == 0x78) { base = 16; i += 2; }
  }
  const start = i;
  let n: i64 = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : 99;
    if (d >= base) break;
    n = n * base + d;
    if (n > 0x7fffffff) return -1;
  }
  if (i == start && base != 8) return -1;
  if (i < s.length && !blank(s.charCodeAt(i))) return -1;
  while (i < s.length && blank(s.charCodeAt(i))) i++;
  sysctlTaken = i;
  return n;
}

/**
 * ptrace_may_access(PTRACE_MODE_READ_FSCREDS) for /proc/T/ns links: the same
 * uid and a dumpable target, or CAP_SYS_PTRACE over the target's user namespace.
 */
export function mayPtraceRead(reader: Task, t: Task): bool {
  if (reader.signal === t.signal) return true;
  // the same ids, or CAP_SYS_PTRACE over the target's user namespace ...
  if (reader.cred.uid != t.cred.uid && !nsCapable(reader.cred, t.cred.userNs)) return false;
  // ... and a dumpable target, or CAP_SYS_PTRACE over its mm's user namespace
  return t.dumpable || nsCapable(reader.cred, t.mmUserNs);
}

/** write() to a proc file: the bytes taken, or -errno. */
export function procWrite(e: ProcEntry, reader: Task, text: string): i32 {
  if (procIsDir(e)) return -EISDIR;
  if (e.task && (e.kind == P_FILE) && PID_WRITABLE_SET.has(e.name) && !mayWrite(e, reader)) return -EACCES;
  if (e.kind == P_SYSFILE) {
    // /proc/sysvipc: read-only files (0444) with no write operation
    if (e.name.startsWith("sysvipc/")) return mayWrite(e, reader) ? -EIO : -EACCES;
    if (!sysctlMayWrite(e, reader)) return -EACCES;
    if (text.length == 0) return 0;
    if (e.name == "hostname" || e.name == "domainname") {
      // proc_do_uts_string(): the caller's UTS namespace, no capability asked; the
      // text up to a newline or NUL, cut to __NEW_UTS_LEN; the whole write is taken
      let end = 0;
      while (end < text.length && end < NEW_UTS_LEN && text.charCodeAt(end) != 0x0a && text.charCodeAt(end) != 0) end++;
      const uts = reader.nsproxy!.uts;
      if (e.name == "domainname") uts.domainname = text.substring(0, end);
      else uts.nodename = text.substring(0, end);
      return text.length;
    }
    const n = sysctlInt(text);
    if (e.name == "ns_last_pid") {
      // checkpoint/restore: CAP_SYS_ADMIN over the owner of the caller's pid namespace; 0..pid_max
      const pns = reader.activePidNs();
      if (!nsCapable(reader.cred, changetype<UserNamespace>(pns.owner))) return -EPERM;
      if (n < 0 || n > pns.pidMax) return -EINVAL;
      pns.lastPid = <i32>n;
      return sysctlTaken;
    }
    if (e.name == "pid_max") {
      if (n < PID_WRAP_MIN + 1 || n > PID_MAX_LIMIT) return -EINVAL;
      reader.activePidNs().pidMax = <i32>n;
      return sysctlTaken;
    }
  }
  const t = e.task;
  if (t && e.name == "timens_offsets") return t.alive() ? timensOffsetsWrite(t, reader, text) : -ESRCH;
  if (t && e.name == "uid_map") return writeIdMap(t.cred.userNs, reader, text, false);
  if (t && e.name == "gid_map") return writeIdMap(t.cred.userNs, reader, text, true);
  if (t && e.name == "setgroups") return writeSetgroups(t.cred.userNs, reader, text);
  if (t && e.name == "comm") {
    // comm_write(): the bytes as written, a newline too, cut to TASK_COMM_LEN - 1
    if (t.signal !== reader.signal) return -EINVAL;
    t.comm = text.length > 15 ? text.substring(0, 15) : text;
    return text.length;
  }
  // files without a write operation (read-only on Linux too)
  if (e.kind == P_FILE && !PID_WRITABLE_SET.has(e.name)) return -EINVAL;
  return -ENOSYS;
}
