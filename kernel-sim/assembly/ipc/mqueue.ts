// ipc/mqueue.c: POSIX message queues, the files of each IPC namespace's
// internal mqueue mount, as mq_open(3), mq_unlink(3), mq_send(3),
// mq_receive(3) and mq_getattr(3) reach them.
//
// A call names the queue as the C program does ("/q"); the descriptor C
// would hold is opened and closed inside the call: mq_send and mq_receive
// open O_WRONLY|O_NONBLOCK and O_RDONLY|O_NONBLOCK (so a full or empty
// queue gives EAGAIN, never a wait), mq_getattr O_RDONLY.
//
// Differences from Linux: no attributes at creation (mq_open's attr is
// NULL: msg_default and msgsize_default of the namespace); no
// RLIMIT_MSGQUEUE accounting; a queue dies with its name (no descriptor
// outlives the call); no mq_notify; the umask is 022.

import { Task } from "../kernel/task";
import { IpcNamespace } from "../ns/simple_namespaces";
import { UserNamespace, nsCapable } from "../ns/user_namespace";
import { EACCES, EAGAIN, EEXIST, EINVAL, ENAMETOOLONG, ENOENT, ENOSPC, EPERM } from "../include/uapi";
import { DFLT_MSG, DFLT_MSGSIZE, EMSGSIZE, MQ_PRIO_MAX, NAME_MAX, O_ACCMODE, O_CREAT, O_EXCL, O_RDWR, O_WRONLY } from "./uapi";

/** DFLT_QUEUESMAX: queues an IPC namespace holds */
const QUEUES_MAX: i32 = 256;
const MAY_WRITE: i32 = 2;
const MAY_READ: i32 = 4;

export class MqMsg {
  constructor(public text: string, public size: i32, public prio: i32) {}
}

/** struct mqueue_inode_info, with the inode's owner and mode */
export class MqQueue {
  /** Invariant: ordered by priority, highest first, and by arrival within one priority. */
  msgs: MqMsg[] = [];
  /** bytes of the queued messages (QSIZE) */
  qsize: i64 = 0;
  constructor(public name: string, public mode: i32, public uid: u32, public gid: u32,
              public maxmsg: i32, public msgsize: i32) {}
}

function owner(ns: IpcNamespace): UserNamespace {
  return changetype<UserNamespace>(ns.owner);
}

/**
 * The queue's name in the mqueue mount: glibc refuses a name without the
 * leading "/" (EINVAL) and passes the rest; the kernel's lookup refuses an
 * empty name (ENOENT), one with "/" (EACCES) or one too long. "" plus the
 * -errno in nameErr on failure.
 */
let nameErr: i32 = 0;
function mqName(name: string): string {
  nameErr = 0;
  if (!name.startsWith("/")) { nameErr = -EINVAL; return ""; }
  const n = name.substring(1);
  if (n.length == 0) { nameErr = -ENOENT; return ""; }
  if (String.UTF8.byteLength(n, false) > NAME_MAX) { nameErr = -ENAMETOOLONG; return ""; }
  if (n.includes("/")) { nameErr = -EACCES; return ""; }
  return n;
}

/** inode_permission() of a queue file for MAY_READ/MAY_WRITE (CAP_DAC_OVERRIDE over the namespace's owner overrides). */
function permission(ns: IpcNamespace, q: MqQueue, t: Task, may: i32): i32 {
  let granted = q.mode;
  const c = t.cred;
  if (c.uid == q.uid) granted >>= 6;
  else if (c.gid == q.gid) granted >>= 3;
  if ((may & ~granted & 7) != 0 && !nsCapable(c, owner(ns))) return -EACCES;
  return 0;
}

/** do_mq_open() and prepare_open(): the queue opened, or null with -errno in openErr. */
let openErr: i32 = 0;
function mqOpen(t: Task, name: string, oflag: i32, mode: i32): MqQueue | null {
  openErr = 0;
  const n = mqName(name);
  if (nameErr < 0) { openErr = nameErr; return null; }
  const ns = t.nsproxy!.ipc;
  if (!ns.mqueues.has(n)) {
    if ((oflag & O_CREAT) == 0) { openErr = -ENOENT; return null; }
    if (ns.mqueues.size >= QUEUES_MAX && !nsCapable(t.cred, owner(ns))) { openErr = -ENOSPC; return null; }
    const q = new MqQueue(n, mode & 0o777 & ~0o022, t.cred.uid, t.cred.gid, DFLT_MSG, DFLT_MSGSIZE);
    ns.mqueues.set(n, q);
    return q;
  }
  const q = ns.mqueues.get(n);
  if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) { openErr = -EEXIST; return null; }
  const acc = oflag & O_ACCMODE;
  if (acc == (O_RDWR | O_WRONLY)) { openErr = -EINVAL; return null; }
  const may = acc == 0 ? MAY_READ : acc == O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
  const e = permission(ns, q, t, may);
  if (e < 0) { openErr = e; return null; }
  return q;
}

/** mq_open(3) with attr NULL; 0 once opened (the descriptor is closed again). */
export function ksysMqOpen(t: Task, name: string, oflag: i32, mode: i32): i32 {
  const q = mqOpen(t, name, oflag, mode);
  return q ? 0 : openErr;
}

/** mq_unlink(3): the mqueue root is sticky — the queue's owner or CAP_FOWNER over the namespace's owner. */
export function ksysMqUnlink(t: Task, name: string): i32 {
  const n = mqName(name);
  if (nameErr < 0) return nameErr;
  const ns = t.nsproxy!.ipc;
  if (!ns.mqueues.has(n)) return -ENOENT;
  const q = ns.mqueues.get(n);
  if (t.cred.uid != q.uid && !nsCapable(t.cred, owner(ns))) return -EPERM;
  ns.mqueues.delete(n);
  return 0;
}

/** mq_send(3): EINVAL for a priority of MQ_PRIO_MAX or more, EMSGSIZE above mq_msgsize, EAGAIN when full. */
export function ksysMqSend(t: Task, name: string, text: string, prio: i32): i32 {
  const q = mqOpen(t, name, O_WRONLY, 0);
  if (!q) return openErr;
  if (prio < 0 || prio >= MQ_PRIO_MAX) return -EINVAL;
  const size = String.UTF8.byteLength(text, false);
  if (size > q.msgsize) return -EMSGSIZE;
  if (q.msgs.length >= q.maxmsg) return -EAGAIN;
  // msg_insert(): after every message of the same or higher priority
  let i = 0;
  while (i < q.msgs.length && unchecked(q.msgs[i]).prio >= prio) i++;
  const m = new MqMsg(text, size, prio);
  q.msgs.push(m);
  for (let k = q.msgs.length - 1; k > i; k--) unchecked(q.msgs[k] = q.msgs[k - 1]);
  unchecked(q.msgs[i] = m);
  q.qsize += size;
  return 0;
}

/** The text and priority mq_receive() last took. */
export let mqReceiveText: string = "";
export let mqReceivePrio: i32 = 0;

/** mq_receive(3): the oldest message of the highest priority; its length, the text in mqReceiveText. */
export function ksysMqReceive(t: Task, name: string): i32 {
  mqReceiveText = "";
  const q = mqOpen(t, name, 0, 0);
  if (!q) return openErr;
  if (q.msgs.length == 0) return -EAGAIN;
  const m = q.msgs.shift();
  q.qsize -= m.size;
  mqReceiveText = m.text;
  mqReceivePrio = m.prio;
  return m.size;
}

/** mq_getattr(3) as "mq_flags mq_maxmsg mq_msgsize mq_curmsgs" ("0 10 8192 0"); "" with -errno in mqAttrErr. */
export let mqAttrErr: i32 = 0;
export function ksysMqGetattr(t: Task, name: string): string {
  const q = mqOpen(t, name, 0, 0);
  mqAttrErr = q ? 0 : openErr;
  if (!q) return "";
  return "0 " + q.maxmsg.toString() + " " + q.msgsize.toString() + " " + q.msgs.length.toString();
}

/** A queue file's contents in an mqueue mount (mqueue_read_file(): "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d"); 0s without mq_notify. */
export function mqueueFileText(q: MqQueue): string {
  let qs = q.qsize.toString();
  while (qs.length < 10) qs += " ";
  return "QSIZE:" + qs + " NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n";
}
