// ipc/shm.c: System V shared memory segments (shmget(2), shmctl(2)), one
// set per IPC namespace.
//
// Differences from Linux: no memory behind a segment and no shmat(2) yet,
// so nattch stays 0 and IPC_RMID destroys at once (a segment still
// attached would be marked SHM_DEST and lose its key); shmctl models
// IPC_RMID only (the other valid commands give ENOSYS).

import { Task } from "../kernel/task";
import { IpcNamespace } from "../ns/simple_namespaces";
import { UserNamespace } from "../ns/user_namespace";
import { EINVAL, ENOSYS } from "../include/uapi";
import { KernIpcPerm, IpcOps, PidNrs, ipcget, ipcOwnerCheck } from "./util";
import { IPC_INFO, IPC_RMID, IPC_SET, IPC_STAT, PAGE_SIZE, SHM_DEST } from "./uapi";

const SHM_LOCK: i32 = 11;
const SHM_UNLOCK: i32 = 12;
const SHM_STAT: i32 = 13;
const SHM_INFO: i32 = 14;
const SHM_STAT_ANY: i32 = 15;

/** struct shmid_kernel */
export class ShmSegment extends KernIpcPerm {
  /** the size asked for (pages are counted rounded up) */
  segsz: i64;
  cpid: PidNrs;
  lpid: PidNrs | null = null;
  /** Invariant: >= 0; a segment with mode & SHM_DEST is destroyed when it reaches 0. */
  nattch: i32 = 0;
  atime: i64 = 0;
  dtime: i64 = 0;
  ctime: i64 = 0;

  constructor(key: i32, flg: i32, t: Task, size: i64) {
    super(key, flg, t);
    this.segsz = size;
    this.cpid = PidNrs.of(t);
  }

  pages(): i64 {
    return (this.segsz + PAGE_SIZE - 1) / PAGE_SIZE;
  }
}

function owner(ns: IpcNamespace): UserNamespace {
  return changetype<UserNamespace>(ns.owner);
}

class ShmOps extends IpcOps {
  constructor(public t: Task, public key: i32, public size: i64, public flg: i32) { super(); }
  /** shm_more_checks() */
  moreChecks(p: KernIpcPerm): i32 {
    return changetype<ShmSegment>(p).segsz < this.size ? -EINVAL : 0;
  }
  /** newseg(): SHMMIN is 1; SHMMAX is beyond what an i32 size can ask */
  getnew(): i32 {
    if (this.size < 1) return -EINVAL;
    const ns = this.t.nsproxy!.ipc;
    const s = new ShmSegment(this.key, this.flg, this.t, this.size);
    const id = ns.shmIds.add(s);
    if (id >= 0) ns.shmTot += s.pages();
    return id;
  }
}

/** shmget(2) */
export function ksysShmget(t: Task, key: i32, size: i32, shmflg: i32): i32 {
  const ns = t.nsproxy!.ipc;
  // size_t: a negative size is a huge one, above SHMMAX
  const sz: i64 = size < 0 ? <i64>0x7fffffffffffffff : <i64>size;
  return ipcget(ns.shmIds, owner(ns), t, key, shmflg, new ShmOps(t, key, sz, shmflg));
}

/** shm_destroy() */
export function shmDestroy(ns: IpcNamespace, s: ShmSegment): void {
  ns.shmIds.remove(s);
  ns.shmTot -= s.pages();
}

/** do_shm_rmid(): destroyed now if nothing is attached, else marked SHM_DEST and made private. */
export function doShmRmid(ns: IpcNamespace, s: ShmSegment): void {
  if (s.nattch > 0) {
    s.mode |= SHM_DEST;
    s.key = 0;
  } else {
    shmDestroy(ns, s);
  }
}

/** shmctl(2): IPC_RMID by the owner, the creator or CAP_SYS_ADMIN. */
export function ksysShmctl(t: Task, shmid: i32, cmd: i32): i32 {
  if (cmd < 0 || shmid < 0) return -EINVAL;
  cmd &= ~0x100; // IPC_64
  if (cmd != IPC_RMID) {
    if (cmd == IPC_STAT || cmd == IPC_SET || cmd == IPC_INFO || cmd == SHM_LOCK || cmd == SHM_UNLOCK
        || cmd == SHM_STAT || cmd == SHM_INFO || cmd == SHM_STAT_ANY) return -ENOSYS;
    return -EINVAL;
  }
  const ns = t.nsproxy!.ipc;
  const p = ns.shmIds.obtain(shmid);
  if (!p) return -EINVAL;
  const e = ipcOwnerCheck(owner(ns), p, t);
  if (e < 0) return e;
  doShmRmid(ns, changetype<ShmSegment>(p));
  return 0;
}

