// What ls and stat need beyond lstat(2)'s text, from what a task can see:
// the parsed lstat, the path with its symbolic links resolved (realpath(3)),
// the file system a path lies on (its mount in /proc/self/mountinfo), the
// blocks it uses (st_blocks), user and group names (/etc/passwd, /etc/group).
import type { Backend, TaskRef } from '../backend.ts';
import { readMountinfo, type MountEntry } from './mountinfo.ts';
import { readText } from './procfs.ts';

export type FileType = 'file' | 'directory' | 'symlink' | 'chardev' | 'other';

/** lstat(2) as Backend gives it: "TYPE MODE SIZE NLINK UID GID". */
export interface Stat {
  type: FileType;
  /** the permission bits with set-user-ID, set-group-ID and sticky (07777) */
  mode: number;
  size: number;
  nlink: number;
  uid: number;
  gid: number;
}

export function parseLstat(text: string): Stat | null {
  const f = text.trim().split(/\s+/);
  if (f.length < 6) return null;
  const [type, mode, size, nlink, uid, gid] = f;
  return { type: type as FileType, mode: parseInt(mode, 8), size: Number(size), nlink: Number(nlink), uid: Number(uid), gid: Number(gid) };
}

/** lstat(2) as `task`: the stat, or -errno. */
export async function lstat(b: Backend, task: TaskRef, path: string): Promise<Stat | number> {
  const r = await b.call(task, 'lstat', [path]);
  if (r.ret < 0) return r.ret;
  return parseLstat(r.text ?? '') ?? -22;
}

/** stat(2): lstat(2) through symbolic links (at most 40, as the kernel's ELOOP limit). */
export async function stat(b: Backend, task: TaskRef, path: string): Promise<Stat | number> {
  let p = path;
  for (let i = 0; i <= 40; i++) {
    const s = await lstat(b, task, p);
    if (typeof s === 'number' || s.type !== 'symlink') return s;
    const l = await b.call(task, 'readlink', [p]);
    if (l.ret < 0) return l.ret;
    const target = l.text ?? '';
    p = target.startsWith('/') ? target : `${p.slice(0, p.lastIndexOf('/') + 1)}${target}`;
  }
  return -40; // ELOOP
}

/** filemodestring(): "drwxr-xr-x", with s/S t/T for the special bits and '?' for an unknown type. */
export function modeString(type: FileType, mode: number): string {
  const t = { file: '-', directory: 'd', symlink: 'l', chardev: 'c', other: '?' }[type] ?? '?';
  const rwx = (bits: number, special: boolean, ch: string) =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-');
  return t + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') + rwx(mode & 7, (mode & 0o1000) !== 0, 't');
}

/** The task's working directory as it sees it, "/" when it cannot tell (no proc). */
async function cwd(b: Backend, task: TaskRef): Promise<string> {
  const r = await b.call(task, 'readlink', ['/proc/self/cwd']);
  return r.ret >= 0 && (r.text ?? '').startsWith('/') ? r.text! : '/';
}

/** realpath(3) as the task resolves it: absolute, without ".", ".." or symbolic links; null when a component is missing. */
export async function realpath(b: Backend, task: TaskRef, path: string): Promise<string | null> {
  const start = path.startsWith('/') ? [] : (await cwd(b, task)).split('/').filter(Boolean);
  const done: string[] = start;
  const todo = path.split('/').filter(Boolean);
  for (let links = 0; todo.length; ) {
    const c = todo.shift()!;
    if (c === '.') continue;
    if (c === '..') { done.pop(); continue; }
    const p = '/' + [...done, c].join('/');
    const s = await lstat(b, task, p);
    if (typeof s === 'number') return null;
    if (s.type !== 'symlink') { done.push(c); continue; }
    if (++links > 40) return null;
    const t = (await b.call(task, 'readlink', [p])).text ?? '';
    if (t.startsWith('/')) done.length = 0;
    todo.unshift(...t.split('/').filter(Boolean));
  }
  return '/' + done.join('/');
}

/** The mount a resolved path lies on: the last (topmost) entry whose mount point is the path or an ancestor of it. */
export function mountOf(table: readonly MountEntry[], real: string): MountEntry | null {
  let best: MountEntry | null = null;
  for (const e of table) {
    const t = e.target;
    const under = t === '/' || real === t || real.startsWith(t + '/');
    if (under && (!best || t.length >= best.target.length)) best = e;
  }
  return best;
}

/**
 * st_blocks (512-byte units). Only tmpfs gives blocks to what an nslab
 * machine holds: a regular file has its pages (4096 bytes each), a symbolic
 * link of 128 bytes or more one page (shorter ones live in the inode,
 * SHORT_SYMLINK_LEN); directories and everything on proc, sysfs, cgroupfs and
 * devtmpfs nodes have none.
 */
export function blocks(st: Stat, fstype: string | null): number {
  if (fstype !== 'tmpfs') return 0;
  if (st.type === 'file') return Math.ceil(st.size / 4096) * 8;
  if (st.type === 'symlink') return st.size >= 128 ? 8 : 0;
  return 0;
}

/** The file system type that `path` lies on as the task sees it (null when it cannot tell). */
export class FsTypes {
  private table: MountEntry[] | null = null;
  constructor(private b: Backend, private task: TaskRef) {}
  async of(path: string): Promise<string | null> {
    const m = await this.mount(path);
    // no mount visible above the path (no proc to tell, or a chroot whose
    // root's mount lies outside it): the machine's root file system, a tmpfs
    return m === undefined ? null : m?.fstype ?? 'tmpfs';
  }

  /** The mount `path` (its last component not followed) lies on; null when none is visible above it, undefined when the path cannot be resolved. */
  async mount(path: string): Promise<MountEntry | null | undefined> {
    if (this.table === null) {
      const t = await readMountinfo(this.b, this.task);
      this.table = typeof t === 'number' ? [] : t;
    }
    const slash = path.replace(/\/+$/, '').lastIndexOf('/');
    const dir = slash < 0 ? '.' : path.slice(0, slash) || '/';
    const base = slash < 0 ? path : path.slice(slash + 1);
    const parent = await realpath(this.b, this.task, dir);
    if (parent === null) return undefined;
    const real = base === '' || base === '.' ? parent : base === '..' ? parent.replace(/\/[^/]*$/, '') || '/' : `${parent === '/' ? '' : parent}/${base}`;
    return mountOf(this.table, real);
  }
}

/** uid → name of /etc/passwd (or gid → name of /etc/group) as the task reads it; the first entry for an id wins. */
export async function idNames(b: Backend, task: TaskRef, file: '/etc/passwd' | '/etc/group'): Promise<Map<number, string>> {
  const m = new Map<number, string>();
  for (const line of ((await readText(b, task, file)) ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2])) continue;
    const id = Number(f[2]);
    if (!m.has(id)) m.set(id, f[0]);
  }
  return m;
}

/**
 * Device numbers of the character devices an nslab machine has (bound from
 * the host's devtmpfs), by name: Linux's fixed assignments
 * (Documentation/admin-guide/devices.txt). lstat's text carries no st_rdev.
 */
export const DEVICE_NUMBERS: Readonly<Record<string, [number, number]>> = {
  null: [1, 3], zero: [1, 5], full: [1, 7], random: [1, 8], urandom: [1, 9], tty: [5, 0], console: [5, 1], ptmx: [5, 2],
};
