// ipc/sem.c: System V semaphore sets (semget(2), semop(2), semctl(2)),
// one set per IPC namespace.
//
// Differences from Linux: semop performs one operation (one struct
// sembuf); nothing sleeps — an operation that would wait without
// IPC_NOWAIT gives -WOULD_BLOCK and changes nothing, so GETNCNT and
// GETZCNT are always 0; SEM_UNDO is not modelled (ENOSYS); semctl models
// IPC_RMID, GETVAL, SETVAL, GETPID, GETNCNT and GETZCNT (the other valid
// commands give ENOSYS).

import { Task } from "../kernel/task";
import { IpcNamespace } from "../ns/simple_namespaces";
import { UserNamespace } from "../ns/user_namespace";
import { EACCES, EAGAIN, EINVAL, ENOSPC, ENOSYS, WOULD_BLOCK } from "../include/uapi";
import { KernIpcPerm, IpcOps, PidNrs, ipcget, ipcperms, ipcOwnerCheck, pidNrOf } from "./util";
import {
  EFBIG, ERANGE, GETALL, GETNCNT, GETPID, GETVAL, GETZCNT, IPC_INFO, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT,
  SEMMNS, SEMMSL, SEMVMX, SEM_UNDO, SETALL, SETVAL,
} from "./uapi";

const SEM_STAT: i32 = 18;
const SEM_INFO: i32 = 19;
const SEM_STAT_ANY: i32 = 20;

/** struct sem */
export class Sem {
  /** Invariant: 0 <= val <= SEMVMX */
  val: i32 = 0;
  /** the last process that changed it (semop or SETVAL) */
  pid: PidNrs | null = null;
}

/** struct sem_array */
export class SemArray extends KernIpcPerm {
  sems: Sem[] = [];
  otime: i64 = 0;
  ctime: i64 = 0;

  get nsems(): i32 {
    return this.sems.length;
  }
}

function owner(ns: IpcNamespace): UserNamespace {
  return changetype<UserNamespace>(ns.owner);
}

class SemOps extends IpcOps {
  constructor(public t: Task, public key: i32, public nsems: i32, public flg: i32) { super(); }
  /** sem_more_checks() */
  moreChecks(p: KernIpcPerm): i32 {
    return this.nsems > changetype<SemArray>(p).nsems ? -EINVAL : 0;
  }
  /** newary() */
  getnew(): i32 {
    if (this.nsems == 0) return -EINVAL;
    const ns = this.t.nsproxy!.ipc;
    if (ns.usedSems + <i64>this.nsems > <i64>SEMMNS) return -ENOSPC;
    const a = new SemArray(this.key, this.flg, this.t);
    for (let i = 0; i < this.nsems; i++) a.sems.push(new Sem());
    const id = ns.semIds.add(a);
    if (id >= 0) ns.usedSems += this.nsems;
    return id;
  }
}

/** semget(2): nsems is checked first (0..SEMMSL), then as ipcget() does. */
export function ksysSemget(t: Task, key: i32, nsems: i32, semflg: i32): i32 {
  if (nsems < 0 || nsems > SEMMSL) return -EINVAL;
  const ns = t.nsproxy!.ipc;
  return ipcget(ns.semIds, owner(ns), t, key, semflg, new SemOps(t, key, nsems, semflg));
}

function obtain(ns: IpcNamespace, id: i32): SemArray | null {
  const p = ns.semIds.obtain(id);
  return p ? changetype<SemArray>(p) : null;
}

/** freeary() */
export function semFree(ns: IpcNamespace, a: SemArray): void {
  ns.semIds.remove(a);
  ns.usedSems -= a.nsems;
}

/**
 * semop(2) with one struct sembuf {sem_num, sem_op, sem_flg}
 * (perform_atomic_semop()): a zero op waits for zero, a negative one for
 * enough; EAGAIN instead of waiting under IPC_NOWAIT; ERANGE above SEMVMX.
 */
export function ksysSemop(t: Task, semid: i32, semNum: i32, semOp: i32, semFlg: i32): i32 {
  if (semid < 0) return -EINVAL;
  if (semOp < -32768 || semOp > 32767 || semNum < 0 || semNum > 65535) return -EINVAL; // short fields of struct sembuf
  if ((semFlg & SEM_UNDO) != 0 && semOp != 0) return -ENOSYS;
  const ns = t.nsproxy!.ipc;
  const a = obtain(ns, semid);
  if (!a) return -EINVAL;
  if (semNum >= a.nsems) return -EFBIG;
  if (ipcperms(owner(ns), a, t, semOp != 0 ? 0o222 : 0o444) < 0) return -EACCES;
  const s = unchecked(a.sems[semNum]);
  const result = s.val + semOp;
  if ((semOp == 0 && s.val != 0) || result < 0) {
    return (semFlg & IPC_NOWAIT) != 0 ? -EAGAIN : -WOULD_BLOCK;
  }
  if (result > SEMVMX) return -ERANGE;
  s.val = result;
  s.pid = PidNrs.of(t);
  return 0;
}

/** semctl(2) for one semaphore; `arg` is SETVAL's value. */
export function ksysSemctl(t: Task, semid: i32, semnum: i32, cmd: i32, arg: i32): i32 {
  if (semid < 0) return -EINVAL;
  cmd &= ~0x100; // IPC_64
  const ns = t.nsproxy!.ipc;
  if (cmd == IPC_RMID) {
    const a = obtain(ns, semid);
    if (!a) return -EINVAL;
    const e = ipcOwnerCheck(owner(ns), a, t);
    if (e < 0) return e;
    semFree(ns, a);
    return 0;
  }
  if (cmd == SETVAL) {
    // semctl_setval(): the value before the set
    if (arg > SEMVMX || arg < 0) return -ERANGE;
    const a = obtain(ns, semid);
    if (!a) return -EINVAL;
    if (ipcperms(owner(ns), a, t, 0o222) < 0) return -EACCES;
    if (semnum < 0 || semnum >= a.nsems) return -EINVAL;
    const s = unchecked(a.sems[semnum]);
    s.val = arg;
    s.pid = PidNrs.of(t);
    return 0;
  }
  if (cmd == GETVAL || cmd == GETPID || cmd == GETNCNT || cmd == GETZCNT) {
    // semctl_main()
    const a = obtain(ns, semid);
    if (!a) return -EINVAL;
    if (ipcperms(owner(ns), a, t, 0o444) < 0) return -EACCES;
    if (semnum < 0 || semnum >= a.nsems) return -EINVAL;
    const s = unchecked(a.sems[semnum]);
    if (cmd == GETVAL) return s.val;
    if (cmd == GETPID) return pidNrOf(s.pid, t.activePidNs());
    return 0;
  }
  if (cmd == IPC_STAT || cmd == IPC_SET || cmd == IPC_INFO || cmd == SEM_STAT || cmd == SEM_INFO || cmd == SEM_STAT_ANY
      || cmd == GETALL || cmd == SETALL) return -ENOSYS;
  return -EINVAL;
}
