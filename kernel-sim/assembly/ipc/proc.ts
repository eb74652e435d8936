// ipc/util.c sysvipc_proc_*, msg.c/sem.c/shm.c *_proc_show: the files of
// /proc/sysvipc. They show the objects of the reading task's IPC
// namespace, with pids as its PID namespace numbers them and ids as its
// user namespace maps them (sysvipc_proc_open() takes current's).

import { Task } from "../kernel/task";
import { KernIpcPerm, padLeft, pidNrOf } from "./util";
import { MsgQueue } from "./msg";
import { SemArray } from "./sem";
import { ShmSegment } from "./shm";

const MSG_HEADER = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n";
const SEM_HEADER = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n";
const SHM_HEADER = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n";

function d(n: i64, w: i32): string {
  return padLeft(n.toString(), w);
}

function o(n: i32, w: i32): string {
  return padLeft((<u32>n).toString(8), w);
}

/** "%5u %5u %5u %5u" of uid, gid, cuid, cgid as the reader's user namespace sees them */
function ids(p: KernIpcPerm, reader: Task): string {
  const u = reader.cred.userNs;
  return d(u.uidMunged(p.uid), 5) + " " + d(u.gidMunged(p.gid), 5) + " " + d(u.uidMunged(p.cuid), 5) + " " + d(u.gidMunged(p.cgid), 5);
}

export const SYSVIPC_FILES: string[] = ["msg", "sem", "shm"];

/** /proc/sysvipc/{msg,sem,shm}; "" for any other name. */
export function sysvipcShow(name: string, reader: Task): string {
  const ns = reader.nsproxy!.ipc;
  const pns = reader.activePidNs();
  let out = "";
  if (name == "msg") {
    out = MSG_HEADER;
    const l = ns.msgIds.list();
    for (let i = 0; i < l.length; i++) {
      const q = changetype<MsgQueue>(unchecked(l[i]));
      // "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n"
      out += d(q.key, 10) + " " + d(q.id, 10) + "  " + o(q.mode, 4) + "  " + d(q.cbytes, 10) + " " + d(q.qnum, 10)
        + " " + d(pidNrOf(q.lspid, pns), 5) + " " + d(pidNrOf(q.lrpid, pns), 5) + " " + ids(q, reader)
        + " " + d(q.stime, 10) + " " + d(q.rtime, 10) + " " + d(q.ctime, 10) + "\n";
    }
  } else if (name == "sem") {
    out = SEM_HEADER;
    const l = ns.semIds.list();
    for (let i = 0; i < l.length; i++) {
      const a = changetype<SemArray>(unchecked(l[i]));
      // "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n"
      out += d(a.key, 10) + " " + d(a.id, 10) + "  " + o(a.mode, 4) + " " + d(a.nsems, 10) + " " + ids(a, reader)
        + " " + d(a.otime, 10) + " " + d(a.ctime, 10) + "\n";
    }
  } else if (name == "shm") {
    out = SHM_HEADER;
    const l = ns.shmIds.list();
    for (let i = 0; i < l.length; i++) {
      const s = changetype<ShmSegment>(unchecked(l[i]));
      // "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu %21lu %21lu\n"
      out += d(s.key, 10) + " " + d(s.id, 10) + "  " + o(s.mode, 4) + " " + d(s.segsz, 21) + " "
        + d(pidNrOf(s.cpid, pns), 5) + " " + d(pidNrOf(s.lpid, pns), 5) + "  " + d(s.nattch, 5) + " " + ids(s, reader)
        + " " + d(s.atime, 10) + " " + d(s.dtime, 10) + " " + d(s.ctime, 10) + " " + d(0, 21) + " " + d(0, 21) + "\n";
    }
  }
  return out;
}
