// normalise(): what may differ between two machines that behave the same —
// namespace inode numbers, mount ids, peer-group ids and anonymous device
// numbers — renumbered in order of first appearance, so that a simulator
// run and a real-kernel run of one scenario compare equal iff they agree.
//
// One Normaliser follows one run: feed it the observations in step order,
// then the snapshot, and the same object gets the same number on both sides.
import type { MountSnap, NsSnap, Snapshot, TaskSnap } from './snapshot-types.ts';

/**
 * Namespace inodes come from proc_alloc_inum(): PROC_DYNAMIC_FIRST (0xF0000000)
 * and up; the initial namespaces' fixed numbers lie just below it
 * (PROC_IPC_INIT_INO 0xEFFFFFFF ... PROC_TIME_INIT_INO 0xEFFFFFFA, and the
 * initial net namespace's, allocated early).
 */
const NS_INODE_MIN = 0xeffffff0;
const isNsInode = (n: number) => n >= NS_INODE_MIN && n <= 0xffffffff;

/** A /proc/T/mountinfo line (proc(5)): id parent major:minor root mountpoint options optional... - fstype source superoptions */
const MOUNTINFO = /^(\d+) (\d+) (\d+):(\d+) (\S+) (\S+) (\S+)((?: [a-z_]+(?::\d+)?)*) - (.*)$/;

/**
 * devtmpfs is the host's own instance (the sandbox binds its device nodes),
 * sized from the host's RAM: its size and nr_inodes say nothing about the
 * scenario, so they are masked.
 */
function hostSized(rest: string): string {
  return rest.startsWith('devtmpfs ') ? rest.replace(/size=\d+k,nr_inodes=\d+/, 'size=<host>,nr_inodes=<host>') : rest;
}

/**
 * /proc/T/status lines that measure the process rather than describe its
 * namespaces (memory sizes, context switches): a puppet and the model differ
 * there by nature, so their values are masked.
 */
const MEASURED = /^(Vm[A-Za-z]+|Rss[A-Za-z]+|HugetlbPages|voluntary_ctxt_switches|nonvoluntary_ctxt_switches):\t/;

/** MAC addresses are random per device, and IPv6 link-local addresses derive from them: renumbered. */
const MAC = /\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/g;
const LINK_LOCAL = /\bfe80::[0-9a-f:]+/g;

class Renumber {
  private map = new Map<string, number>();
  id(x: string | number): number {
    const k = String(x);
    let v = this.map.get(k);
    if (v === undefined) this.map.set(k, (v = this.map.size + 1));
    return v;
  }
}

export class Normaliser {
  private inodes = new Renumber();
  private mountIds = new Renumber();
  private peers = new Renumber();
  private devs = new Renumber();
  private macs = new Renumber();
  private linkLocal = new Renumber();

  /** A namespace inode → its number of appearance (0 stays 0: "none"). */
  inode(n: number): number {
    return n === 0 ? 0 : this.inodes.id(n);
  }

  /** Observation text: `pid:[4026531836]` → `pid:[ns1]`, bare namespace inodes (lsns) → `ns1`, mountinfo ids renumbered. */
  text(s: string): string {
    return s
      .split('\n')
      .map((line) => (MOUNTINFO.test(line) ? this.mountinfo(line) : this.inodesIn(line)))
      .join('\n');
  }

  private inodesIn(line: string): string {
    if (MEASURED.test(line)) return line.replace(/:\t.*$/, ':\t<measured>');
    // devtmpfs's host-sized options as mount(8)/findmnt(8) print them
    if (line.includes('devtmpfs')) line = line.replace(/size=\d+k,nr_inodes=\d+/, 'size=<host>,nr_inodes=<host>');
    line = line
      .replace(MAC, (m) => (m === '00:00:00:00:00:00' || m === 'ff:ff:ff:ff:ff:ff' ? m : `mac${this.macs.id(m)}`))
      .replace(LINK_LOCAL, (a) => `fe80::ll${this.linkLocal.id(a)}`);
    return line.replace(/\b\d{10}\b/g, (d) => (isNsInode(Number(d)) ? `ns${this.inodes.id(d)}` : d));
  }

  /** One mountinfo line with mount ids, peer groups and anonymous devices renumbered. */
  mountinfo(line: string): string {
    const m = MOUNTINFO.exec(line);
    if (!m) return this.inodesIn(line);
    const [, id, parent, major, minor, root, point, opts, optional, rest] = m;
    const dev = major === '0' ? `0:dev${this.devs.id(minor)}` : `${major}:${minor}`;
    const tags = optional.replace(/(shared|master|propagate_from):(\d+)/g, (_, tag: string, n: string) => `${tag}:peer${this.peers.id(n)}`);
    return `m${this.mountIds.id(id)} m${this.mountIds.id(parent)} ${dev} ${this.inodesIn(root)} ${point} ${opts}${tags} - ${hostSized(rest)}`;
  }

  snapshot(s: Snapshot): Snapshot {
    const tasks: TaskSnap[] = s.tasks.map((t) => ({
      ...t,
      ns: Object.fromEntries(Object.entries(t.ns).map(([k, v]) => [k, this.inode(v)])) as TaskSnap['ns'],
    }));
    const namespaces: NsSnap[] = s.namespaces
      .map((n) => ({ ...n, inode: this.inode(n.inode), parent: this.inode(n.parent), owner: this.inode(n.owner) }))
      .sort((a, b) => a.inode - b.inode);
    const mounts: MountSnap[] = s.mounts
      .map((m) => ({ ns: this.inode(m.ns), mountinfo: m.mountinfo.map((l) => this.mountinfo(l)) }))
      .sort((a, b) => a.ns - b.ns);
    return { ...s, tasks, namespaces, mounts };
  }
}

/** A snapshot on its own, normalised. */
export function normalise(s: Snapshot): Snapshot {
  return new Normaliser().snapshot(s);
}
