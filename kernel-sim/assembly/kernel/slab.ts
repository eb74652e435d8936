// mm/slab.c, in spirit (task_struct_cachep, signal_cachep, fs_cachep,
// pid caches): released objects are kept and handed out again, so a
// fork/exit/wait cycle allocates nothing once warm.
//
// Invariant: an object is in a cache iff nothing in the model refers to
// it — a task once released (release_task), a signal struct once its
// last thread is, a pid once its last holder puts it, an fs_struct once
// its last user exits. Cached objects keep no references to others.

import { Task, SignalStruct, FsStruct, Path, Cred, MmStruct, FilesStruct, SighandStruct } from "./task";
import { Pid, Upid } from "./pid";
import { PidNamespace } from "../ns/pid_namespace";
import { NsProxy } from "../ns/nsproxy";

/** How many free objects each cache keeps. */
const CACHE_MAX: i32 = 4096;

const taskCache: Task[] = [];
const signalCache: SignalStruct[] = [];
const fsCache: FsStruct[] = [];
/** pids by level (0 .. PID_CACHE_LEVELS-1); deeper ones are not cached */
const PID_CACHE_LEVELS: i32 = 4;
const pidCache: Pid[][] = [[], [], [], []];

export function allocTask(pid: Pid, signal: SignalStruct, comm: string, nsproxy: NsProxy, cred: Cred,
                          fs: FsStruct, mm: MmStruct | null, files: FilesStruct | null, sighand: SighandStruct | null, cpus: u64): Task {
  if (taskCache.length == 0) return new Task(pid, signal, comm, nsproxy, cred, fs, mm, files, sighand, cpus);
  const t = taskCache.pop();
  t.reuse(pid, signal, comm, nsproxy, cred, fs, mm, files, sighand, cpus);
  return t;
}

/**
 * Called by release_task once nothing refers to t any more. Its nullable
 * references are dropped; the others stay until reuse (at most CACHE_MAX
 * small objects kept alive a little longer — memory only, never state).
 */
export function freeTask(t: Task): void {
  if (taskCache.length >= CACHE_MAX) return;
  t.nsproxy = null;
  t.mm = null;
  t.files = null;
  t.sighand = null;
  t.realParent = null;
  t.firstChild = null;
  t.lastChild = null;
  t.nextSibling = null;
  t.prevSibling = null;
  taskCache.push(t);
}

export function allocSignal(pgrp: Pid, session: Pid): SignalStruct {
  if (signalCache.length == 0) return new SignalStruct(pgrp, session);
  const s = signalCache.pop();
  s.flags = 0;
  s.groupExitCode = 0;
  s.stopSignal = 0;
  s.pgrp = pgrp;
  s.session = session;
  return s;
}

export function freeSignal(s: SignalStruct): void {
  if (signalCache.length >= CACHE_MAX) return;
  s.threads.length = 0;
  signalCache.push(s);
}

export function allocFs(root: Path, pwd: Path): FsStruct {
  if (fsCache.length == 0) return new FsStruct(root, pwd);
  const f = fsCache.pop();
  f.users = 1;
  f.root = root;
  f.pwd = pwd;
  return f;
}

export function freeFs(f: FsStruct): void {
  if (fsCache.length >= CACHE_MAX) return;
  fsCache.push(f);
}

/** A struct pid for `level`, its numbers to be filled in by alloc_pid. */
export function allocPidStruct(level: i32, deepest: PidNamespace): Pid {
  if (level < PID_CACHE_LEVELS) {
    const cache = unchecked(pidCache[level]);
    if (cache.length > 0) {
      const p = cache.pop();
      p.count = 1;
      p.task = null;
      return p;
    }
  }
  const numbers = new StaticArray<Upid>(level + 1);
  for (let i = 0; i <= level; i++) unchecked(numbers[i] = new Upid(0, deepest));
  return new Pid(level, numbers);
}

export function freePidStruct(p: Pid): void {
  const level = p.level;
  if (level >= PID_CACHE_LEVELS) return;
  const cache = unchecked(pidCache[level]);
  if (cache.length >= CACHE_MAX) return;
  p.task = null;
  cache.push(p);
}

/** Empties every cache (a new machine). */
export function slabReset(): void {
  taskCache.length = 0;
  signalCache.length = 0;
  fsCache.length = 0;
  for (let i = 0; i < PID_CACHE_LEVELS; i++) unchecked(pidCache[i]).length = 0;
}
