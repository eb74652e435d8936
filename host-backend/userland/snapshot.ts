// The snapshot builder: the machine's state as init sees /proc, read the
// same way on both backends (procfs texts, ns links, ioctl_ns(2)).
//
// Every thread is a task (from /proc/P/task/T); a namespace is found through
// a task's /proc/.../ns/X link or its pid_for_children / time_for_children
// link (after unshare(CLONE_NEWPID) the new namespace has no member yet).
// Parents and owners come from ioctl_ns NS_GET_PARENT / NS_GET_USERNS; where
// the kernel refuses (EPERM: the parent is outside the viewer's reach, or
// the initial namespace has none) the field is 0.
import type { Backend, TaskRef } from '../backend.ts';
import { NS_IOCTL, type NsType } from '../errno.ts';
import { listPids, nsInode, numbers, parseStatus, readLink, readText, NS_NAMES } from './procfs.ts';
import type { MountSnap, NsSnap, Snapshot, TaskSnap } from './snapshot-types.ts';

type NsKey = NsType | 'pid_for_children' | 'time_for_children';
const NS_LINKS: readonly NsKey[] = [...NS_NAMES, 'pid_for_children', 'time_for_children'];

export async function buildSnapshot(b: Backend, viewer: TaskRef): Promise<Snapshot> {
  const tasks: TaskSnap[] = [];
  /** inode → where to reach it, the first time it is seen */
  const nsPath = new Map<number, { type: NsType; path: string }>();
  /** mnt inode → a process in it */
  const mntProc = new Map<number, number>();
  for (const pid of await listPids(b, viewer)) {
    const own = await readText(b, viewer, `/proc/${pid}/status`);
    if (own === null) continue; // gone between readdir and read
    // a process's threads are listed only when it has more than one (its own status says)
    const tids = Number(parseStatus(own).get('Threads') ?? '1') > 1 ? await listPids(b, viewer, `/proc/${pid}/task`) : [];
    const threaded = tids.length > 0;
    for (const tid of threaded ? tids : [pid]) {
      const base = threaded ? `/proc/${pid}/task/${tid}` : `/proc/${pid}`;
      const statusText = threaded ? await readText(b, viewer, `${base}/status`) : own;
      if (statusText === null) continue; // gone between readdir and read
      const st = parseStatus(statusText);
      const ns = {} as TaskSnap['ns'];
      // asked together: one round trip to a real host's agent instead of one per link
      const [cgroup, ...links] = await Promise.all([readText(b, viewer, `${base}/cgroup`), ...NS_LINKS.map((key) => readLink(b, viewer, `${base}/ns/${key}`))]);
      for (const [i, key] of NS_LINKS.entries()) {
        const ino = nsInode(links[i] ?? undefined);
        ns[key] = ino;
        const type: NsType = key === 'pid_for_children' ? 'pid' : key === 'time_for_children' ? 'time' : key;
        if (ino && !nsPath.has(ino)) nsPath.set(ino, { type, path: `${base}/ns/${key}` });
        if (key === 'mnt' && ino && !mntProc.has(ino)) mntProc.set(ino, pid);
      }
      const nspid = numbers(st.get('NSpid'));
      tasks.push({
        ref: nspid[0] ?? tid,
        nspid,
        nstgid: numbers(st.get('NStgid')),
        ppid: Number(st.get('PPid') ?? 0),
        comm: unescapeName(st.get('Name') ?? ''),
        state: (st.get('State') ?? '?').charAt(0),
        ns,
        uid: numbers(st.get('Uid')),
        gid: numbers(st.get('Gid')),
        cgroup: (cgroup ?? '').split('\n').filter(Boolean),
        cpusAllowed: st.get('Cpus_allowed_list') ?? '',
      });
    }
  }
  const namespaces: NsSnap[] = [];
  for (const [inode, { type, path }] of nsPath) {
    const ask = async (request: number) => {
      const r = await b.call(viewer, 'ioctl_ns', [path, request]);
      return r.ret >= 0 ? nsInode(r.text) : 0;
    };
    const parent = type === 'pid' || type === 'user' ? await ask(NS_IOCTL.NS_GET_PARENT) : 0;
    const owner = await ask(NS_IOCTL.NS_GET_USERNS);
    namespaces.push({ inode, type, parent, owner });
  }
  // pid namespace level: 0 for the viewer's top, one more per parent
  const byInode = new Map(namespaces.map((n) => [n.inode, n]));
  const level = (n: NsSnap, depth = 0): number =>
    n.parent && byInode.has(n.parent) && depth < 64 ? level(byInode.get(n.parent)!, depth + 1) + 1 : 0;
  for (const n of namespaces) if (n.type === 'pid') n.level = level(n);
  const mounts: MountSnap[] = [];
  for (const [ns, pid] of mntProc) {
    const text = await readText(b, viewer, `/proc/${pid}/mountinfo`);
    mounts.push({ ns, mountinfo: (text ?? '').split('\n').filter(Boolean) });
  }
  return { version: 1, backend: b.kind, tasks, namespaces, mounts };
}

/** status's Name: comm with "\\" and "\n" escaped (fs/proc/array.c proc_task_name, ESCAPE_SPACE|ESCAPE_SPECIAL). */
function unescapeName(name: string): string {
  return name.replace(/\\(n|t|\\)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}
