// /proc/T/mountinfo as libmount reads it (proc(5), libmount/src/tab_parse.c):
// the mount table that mount(8) and findmnt(8) print. Fields are octal
// unescaped as the kernel escapes them (mangle(): space, tab, newline and
// backslash become \040 \011 \012 \134).
import type { Backend, TaskRef } from '../backend.ts';

export interface MountEntry {
  id: number;
  parent: number;
  /** "major:minor" of st_dev */
  dev: string;
  /** the root of the mount within its file system ("/" or a bind's subdirectory) */
  root: string;
  /** the mount point, relative to the reading task's root */
  target: string;
  /** per-mount options ("rw,nosuid,relatime") */
  vfsOptions: string;
  /** optional fields ("shared:1 master:2") */
  optional: string;
  fstype: string;
  source: string;
  /** per-superblock options ("rw,mode=755") */
  fsOptions: string;
}

/** The kernel's mangle() undone: \NNN octal escapes. */
export function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** One mountinfo line, or null when it is no mountinfo line. */
export function parseMountinfoLine(line: string): MountEntry | null {
  const dash = line.indexOf(' - ');
  if (dash < 0) return null;
  const head = line.slice(0, dash).split(' ');
  const tail = line.slice(dash + 3).split(' ');
  if (head.length < 6 || tail.length < 3) return null;
  const [id, parent, dev, root, target, vfsOptions, ...optional] = head;
  if (!/^\d+$/.test(id) || !/^\d+$/.test(parent)) return null;
  return {
    id: Number(id), parent: Number(parent), dev, root: unescapeOctal(root), target: unescapeOctal(target),
    vfsOptions, optional: optional.join(' '),
    fstype: unescapeOctal(tail[0]), source: unescapeOctal(tail[1]), fsOptions: tail.slice(2).join(' '),
  };
}

export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const e = parseMountinfoLine(line);
    if (e) out.push(e);
  }
  return out;
}

/** /proc/self/mountinfo as `task` reads it, or -errno. */
export async function readMountinfo(b: Backend, task: TaskRef): Promise<MountEntry[] | number> {
  const r = await b.call(task, 'read_file', ['/proc/self/mountinfo']);
  if (r.ret < 0) return r.ret;
  return parseMountinfo(r.text ?? '');
}

/** Removes the first option named `name` from a comma list; whether it was there (mnt_optstr_remove_option). */
function removeOption(opts: string[], name: string): boolean {
  const i = opts.findIndex((o) => o === name || o.startsWith(`${name}=`));
  if (i < 0) return false;
  opts.splice(i, 1);
  return true;
}

/**
 * libmount's merge_optstr(): the per-mount and per-superblock options as
 * one list, as mount(8) and findmnt's OPTIONS print them — the "rw"/"ro" of
 * both dropped and one put first ("ro" when either said ro).
 */
export function mergeOptions(vfs: string, fs: string): string {
  if (vfs === fs) return vfs;
  if (!vfs || !fs) return vfs || fs;
  const opts = `${vfs},${fs}`.split(',').filter((o) => o !== '');
  let rw = 0;
  let ro = 0;
  if (removeOption(opts, 'rw')) rw++;
  if (removeOption(opts, 'rw')) rw++;
  if (rw !== 2) {
    if (removeOption(opts, 'ro')) ro++;
    if (ro + rw < 2 && removeOption(opts, 'ro')) ro++;
  }
  const flag = ro ? 'ro' : 'rw';
  return opts.length ? `${flag},${opts.join(',')}` : flag;
}

/** The options mount(8) and findmnt(8) print for an entry. */
export function entryOptions(e: MountEntry): string {
  return mergeOptions(e.vfsOptions, e.fsOptions);
}

/**
 * libmount's match_fstype(): PATTERN is a comma list of types; a leading
 * "no" negates the whole list ("nocgroup,tmpfs": neither), a "no" before a
 * later item excludes that one type.
 */
export function matchFstype(type: string, pattern: string): boolean {
  let no = false;
  let p = pattern;
  if (p.startsWith('no')) {
    no = true;
    p = p.slice(2);
  }
  const t = type.toLowerCase();
  for (const item of p.split(',')) {
    const it = item.toLowerCase();
    if (it.startsWith('no') && it.slice(2) === t) return false;
    if (it === t) return !no;
  }
  return no;
}
