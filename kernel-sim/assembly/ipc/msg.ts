// ipc/msg.c: System V message queues (msgget(2), msgsnd(2), msgrcv(2),
// msgctl(2)), one set per IPC namespace.
//
// Differences from Linux: a message is text (its size is its UTF-8
// length); nothing sleeps — a send to a full queue or a receive from an
// empty one without IPC_NOWAIT gives -WOULD_BLOCK and changes nothing.
// msgctl models IPC_RMID only (the other valid commands give ENOSYS).
// Times are the machine's clock, which stands at 0.

import { Task } from "../kernel/task";
import { IpcNamespace } from "../ns/simple_namespaces";
import { UserNamespace } from "../ns/user_namespace";
import { EACCES, EAGAIN, EINVAL, ENOSYS, WOULD_BLOCK, E2BIG } from "../include/uapi";
import { KernIpcPerm, IpcOps, PidNrs, ipcget, ipcperms, ipcOwnerCheck } from "./util";
import { ENOMSG, IPC_INFO, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT, MSGMAX, MSGMNB, MSG_COPY, MSG_EXCEPT, MSG_NOERROR } from "./uapi";

const MSG_STAT: i32 = 11;
const MSG_INFO: i32 = 12;
const MSG_STAT_ANY: i32 = 13;

/** struct msg_msg */
export class MsgMsg {
  constructor(public mtype: i32, public text: string, public size: i32) {}
}

/** struct msg_queue */
export class MsgQueue extends KernIpcPerm {
  /** Invariant: cbytes is the sum of the messages' sizes, qnum their number. */
  messages: MsgMsg[] = [];
  cbytes: i32 = 0;
  qnum: i32 = 0;
  /** the most bytes the queue holds (msg_qbytes, MSGMNB at creation) */
  qbytes: i32 = MSGMNB;
  /** last sender and receiver (task_tgid()) */
  lspid: PidNrs | null = null;
  lrpid: PidNrs | null = null;
  stime: i64 = 0;
  rtime: i64 = 0;
  ctime: i64 = 0;
}

function owner(ns: IpcNamespace): UserNamespace {
  return changetype<UserNamespace>(ns.owner);
}

class MsgOps extends IpcOps {
  constructor(public t: Task, public key: i32, public flg: i32) { super(); }
  /** newque() */
  getnew(): i32 {
    const ns = this.t.nsproxy!.ipc;
    const q = new MsgQueue(this.key, this.flg, this.t);
    return ns.msgIds.add(q);
  }
}

/** msgget(2) */
export function ksysMsgget(t: Task, key: i32, msgflg: i32): i32 {
  const ns = t.nsproxy!.ipc;
  return ipcget(ns.msgIds, owner(ns), t, key, msgflg, new MsgOps(t, key, msgflg));
}

function obtain(ns: IpcNamespace, id: i32): MsgQueue | null {
  const p = ns.msgIds.obtain(id);
  return p ? changetype<MsgQueue>(p) : null;
}

/**
 * msgsnd(2) of `text` with type `mtype`: EINVAL for a size above msgmax or
 * a type below 1 (before the queue is looked up), EINVAL for no such
 * queue, EACCES without write permission, EAGAIN when it does not fit and
 * IPC_NOWAIT is set.
 */
export function ksysMsgsnd(t: Task, msqid: i32, mtype: i32, text: string, msgflg: i32): i32 {
  const size = String.UTF8.byteLength(text, false);
  if (size > MSGMAX || msqid < 0) return -EINVAL;
  if (mtype < 1) return -EINVAL;
  const ns = t.nsproxy!.ipc;
  const q = obtain(ns, msqid);
  if (!q) return -EINVAL;
  if (ipcperms(owner(ns), q, t, 0o222) < 0) return -EACCES;
  // msg_fits_inqueue()
  if (q.cbytes + size > q.qbytes || 1 + q.qnum > q.qbytes) {
    return (msgflg & IPC_NOWAIT) != 0 ? -EAGAIN : -WOULD_BLOCK;
  }
  q.lspid = PidNrs.of(t);
  q.messages.push(new MsgMsg(mtype, text, size));
  q.cbytes += size;
  q.qnum++;
  return 0;
}

/** The text msgrcv() last copied out. */
export let msgrcvText: string = "";

/** The first `n` bytes of `s` as UTF-8. */
function truncateBytes(s: string, n: i32): string {
  const buf = String.UTF8.encode(s, false);
  if (buf.byteLength <= n) return s;
  return String.UTF8.decode(buf.slice(0, n), false);
}

/**
 * msgrcv(2): msgtyp 0 takes the first message, > 0 the first of that type
 * (of any other type with MSG_EXCEPT), < 0 the first of the lowest type
 * not above |msgtyp|; MSG_COPY copies the message at index msgtyp and
 * leaves it. A message longer than msgsz gives E2BIG unless MSG_NOERROR
 * cuts it. Returns the bytes copied; the text is msgrcvText.
 */
export function ksysMsgrcv(t: Task, msqid: i32, msgsz: i32, msgtyp: i32, msgflg: i32): i32 {
  msgrcvText = "";
  if (msqid < 0 || msgsz < 0) return -EINVAL;
  const copy = (msgflg & MSG_COPY) != 0;
  if (copy && ((msgflg & MSG_EXCEPT) != 0 || (msgflg & IPC_NOWAIT) == 0)) return -EINVAL;
  const ns = t.nsproxy!.ipc;
  const q = obtain(ns, msqid);
  if (!q) return -EINVAL;
  if (ipcperms(owner(ns), q, t, 0o444) < 0) return -EACCES;
  // find_msg()
  let found = -1;
  let bound: i64 = msgtyp < 0 ? -(<i64>msgtyp) : <i64>msgtyp;
  for (let i = 0; i < q.messages.length; i++) {
    const m = unchecked(q.messages[i]);
    if (copy) {
      if (<i64>i == <i64>msgtyp) { found = i; break; }
    } else if (msgtyp == 0) {
      found = i;
      break;
    } else if (msgtyp < 0) {
      if (<i64>m.mtype <= bound) {
        found = i;
        if (m.mtype == 1) break;
        bound = <i64>m.mtype - 1;
      }
    } else if ((msgflg & MSG_EXCEPT) != 0) {
      if (m.mtype != msgtyp) { found = i; break; }
    } else if (m.mtype == msgtyp) {
      found = i;
      break;
    }
  }
  if (found < 0) return (msgflg & IPC_NOWAIT) != 0 ? -ENOMSG : -WOULD_BLOCK;
  const m = unchecked(q.messages[found]);
  if (msgsz < m.size && (msgflg & MSG_NOERROR) == 0) return -E2BIG;
  if (!copy) {
    q.messages.splice(found, 1);
    q.qnum--;
    q.cbytes -= m.size;
    q.lrpid = PidNrs.of(t);
  }
  const n = msgsz < m.size ? msgsz : m.size;
  msgrcvText = n < m.size ? truncateBytes(m.text, n) : m.text;
  return n;
}

/** msgctl(2): IPC_RMID by the owner, the creator or CAP_SYS_ADMIN; EINVAL for a bad id or command. */
export function ksysMsgctl(t: Task, msqid: i32, cmd: i32): i32 {
  if (msqid < 0 || cmd < 0) return -EINVAL;
  cmd &= ~0x100; // IPC_64, as glibc passes it
  if (cmd != IPC_RMID) {
    if (cmd == IPC_SET || cmd == IPC_STAT || cmd == IPC_INFO || cmd == MSG_STAT || cmd == MSG_INFO || cmd == MSG_STAT_ANY) return -ENOSYS;
    return -EINVAL;
  }
  const ns = t.nsproxy!.ipc;
  const q = obtain(ns, msqid);
  if (!q) return -EINVAL;
  const e = ipcOwnerCheck(owner(ns), q, t);
  if (e < 0) return e;
  ns.msgIds.remove(q);
  return 0;
}
