// mount(8) and umount(8), util-linux 2.38.1, when they change the mount
// table: the forms the man pages' examples use, each one mount(2)/umount2(2)
// call as libmount makes it, and libmount's messages for the errors
// (context_mount.c, context_umount.c: "mount: TARGET: MESSAGE." then, after
// a failed system call, "       dmesg(1) may have more information after
// failed mount system call.").
//
//   mount -t TYPE [-o OPTIONS] SOURCE TARGET     mount(SOURCE, TARGET, TYPE, flags, data)
//   mount [-o OPTIONS] --bind|--rbind OLD NEW    MS_BIND [| MS_REC]
//   mount --move OLD NEW                         MS_MOVE
//   mount --make-[r]shared|slave|private|unbindable TARGET
//                                                mount("none", TARGET, NULL, MS_* [| MS_REC])
//   umount [-l] TARGET                           umount2(TARGET, 0 | MNT_DETACH)
//
// -o: the options libmount turns into MS_* flags (ro rw nosuid suid nodev dev
// noexec exec sync async dirsync mand nomand noatime atime nodiratime
// diratime relatime norelatime strictatime nostrictatime remount bind rbind
// and the propagation names); "defaults" is nothing; the rest, in order, is
// the data string ("size=1m,mode=700").
// NOTE: libmount checks some things before the call that the model shows
// the same way only for the common cases: umount of a path that is no mount
// point ("not mounted", from /proc/self/mountinfo), a missing target or
// source told apart by lstat(2).
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO, MOUNT } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { lstat, realpath } from './fsinfo.ts';
import { readMountinfo } from './mountinfo.ts';
import { strerror } from './strerror.ts';

const DMESG = '       dmesg(1) may have more information after failed mount system call.\n';

/** -o names → [flags set, flags cleared] (libmount's optmap). */
const FLAG_OPTIONS: Record<string, [number, number]> = {
  ro: [MOUNT.MS_RDONLY, 0], rw: [0, MOUNT.MS_RDONLY],
  nosuid: [MOUNT.MS_NOSUID, 0], suid: [0, MOUNT.MS_NOSUID],
  nodev: [MOUNT.MS_NODEV, 0], dev: [0, MOUNT.MS_NODEV],
  noexec: [MOUNT.MS_NOEXEC, 0], exec: [0, MOUNT.MS_NOEXEC],
  sync: [MOUNT.MS_SYNCHRONOUS, 0], async: [0, MOUNT.MS_SYNCHRONOUS],
  dirsync: [MOUNT.MS_DIRSYNC, 0], mand: [MOUNT.MS_MANDLOCK, 0], nomand: [0, MOUNT.MS_MANDLOCK],
  noatime: [MOUNT.MS_NOATIME, 0], atime: [0, MOUNT.MS_NOATIME],
  nodiratime: [MOUNT.MS_NODIRATIME, 0], diratime: [0, MOUNT.MS_NODIRATIME],
  relatime: [MOUNT.MS_RELATIME, 0], norelatime: [0, MOUNT.MS_RELATIME],
  strictatime: [MOUNT.MS_STRICTATIME, 0], nostrictatime: [0, MOUNT.MS_STRICTATIME],
  remount: [MOUNT.MS_REMOUNT, 0], bind: [MOUNT.MS_BIND, 0], rbind: [MOUNT.MS_BIND | MOUNT.MS_REC, 0],
  defaults: [0, 0],
};

const PROPAGATION: Record<string, number> = {
  shared: MOUNT.MS_SHARED, slave: MOUNT.MS_SLAVE, private: MOUNT.MS_PRIVATE, unbindable: MOUNT.MS_UNBINDABLE,
};

export interface MountRequest {
  kind: 'mount' | 'propagation' | 'move';
  source: string;
  target: string;
  fstype: string;
  flags: number;
  data: string;
}

/** The mount(2) call a `mount` command line with a source or target asks for, or its usage error; null: none (a listing). */
export function parseMountCall(argv: readonly string[]): MountRequest | string | null {
  let fstype = '';
  const opts: string[] = [];
  let flags = 0;
  let kind: MountRequest['kind'] = 'mount';
  const pos: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-t' || a === '--types') { fstype = argv[++i] ?? ''; continue; }
    if (a.startsWith('--types=')) { fstype = a.slice(8); continue; }
    if (a.startsWith('-t') && a.length > 2) { fstype = a.slice(2); continue; }
    if (a === '-o' || a === '--options') { opts.push(...(argv[++i] ?? '').split(',')); continue; }
    if (a.startsWith('--options=')) { opts.push(...a.slice(10).split(',')); continue; }
    if (a.startsWith('-o') && a.length > 2) { opts.push(...a.slice(2).split(',')); continue; }
    if (a === '--bind' || a === '-B') { flags |= MOUNT.MS_BIND; continue; }
    if (a === '--rbind' || a === '-R') { flags |= MOUNT.MS_BIND | MOUNT.MS_REC; continue; }
    if (a === '--move' || a === '-M') { flags |= MOUNT.MS_MOVE; kind = 'move'; continue; }
    const make = /^--make-(r?)(shared|slave|private|unbindable)$/.exec(a);
    if (make) { flags |= PROPAGATION[make[2]] | (make[1] ? MOUNT.MS_REC : 0); kind = 'propagation'; continue; }
    if (a === '-l' || a === '--show-labels') continue;
    if (a.startsWith('-') && a !== '-') return `mount: unsupported option ${a} (supported: -t TYPE, -o OPTIONS, --bind, --rbind, --move, --make-[r]shared|slave|private|unbindable)`;
    pos.push(a);
  }
  if (pos.length === 0) return null;
  const data: string[] = [];
  for (const o of opts.filter((x) => x !== '')) {
    const rec = /^r(shared|slave|private|unbindable)$/.exec(o);
    if (o in PROPAGATION || rec) { flags |= PROPAGATION[rec ? rec[1] : o] | (rec ? MOUNT.MS_REC : 0); kind = 'propagation'; continue; }
    const f = FLAG_OPTIONS[o];
    if (f) flags = (flags | f[0]) & ~f[1];
    else data.push(o);
  }
  if (kind === 'propagation') {
    if (pos.length !== 1) return 'mount: --make-* takes one mount point';
    return { kind, source: 'none', target: pos[0], fstype: '', flags, data: '' };
  }
  if (pos.length === 1) return `mount: ${pos[0]}: can't find in /etc/fstab.`;
  if (pos.length > 2) return 'mount: bad usage\nTry \'mount --help\' for more information.';
  if (kind === 'mount' && !(flags & MOUNT.MS_BIND) && fstype === '') return `mount: ${pos[1]}: give the file system type with -t (nslab's mount does not probe a device)`;
  return { kind, source: pos[0], target: pos[1], fstype, flags, data: data.join(',') };
}

/** libmount's message for a failed mount(2) (mnt_context_get_mount_excode() as 2.38.1 prints them). */
async function mountError(b: Backend, task: TaskRef, m: MountRequest, errno: number): Promise<string> {
  const why = (msg: string) => `mount: ${m.target}: ${msg}.\n${DMESG}`;
  switch (-errno) {
    case ERRNO.EPERM: case ERRNO.EACCES: return why('permission denied');
    case ERRNO.ENOTDIR: return why('mount point is not a directory');
    case ERRNO.ENODEV: return why(`unknown filesystem type '${m.fstype}'`);
    case ERRNO.ENOENT: {
      if (typeof (await lstat(b, task, m.target)) === 'number') return why('mount point does not exist');
      return why(`special device ${m.source} does not exist`);
    }
    case ERRNO.EINVAL:
      if (m.kind === 'propagation') return why('not mount point or bad option');
      return why(`wrong fs type, bad option, bad superblock on ${m.source}, missing codepage or helper program, or other error`);
    default: return why(`mount(2) system call failed: ${strerror(errno)}`);
  }
}

export async function mountCall(b: Backend, task: TaskRef, m: MountRequest): Promise<CommandResult> {
  const r = await b.call(task, 'mount', [m.source, m.target, m.fstype, m.flags >>> 0, m.data]);
  if (r.ret >= 0) return { ret: 0, output: '' };
  return { ret: r.ret, output: await mountError(b, task, m, r.ret) };
}

export interface UmountOptions {
  lazy: boolean;
  targets: string[];
}

export function parseUmount(argv: readonly string[]): UmountOptions | string {
  const o: UmountOptions = { lazy: false, targets: [] };
  for (const a of argv.slice(1)) {
    if (a === '-l' || a === '--lazy') o.lazy = true;
    else if (a.startsWith('-') && a !== '-') return `umount: unsupported option ${a} (supported: -l)`;
    else o.targets.push(a);
  }
  if (o.targets.length === 0) return 'umount: bad usage\nTry \'umount --help\' for more information.';
  return o;
}

/**
 * umount [-l] TARGET...: libmount first finds TARGET in /proc/self/mountinfo
 * ("not mounted" when it is no mount point, "no mount point specified" when
 * the path does not exist), then umount2(2).
 */
export async function umount(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseUmount(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  let output = '';
  let ret = 0;
  for (const target of o.targets) {
    const real = await realpath(b, task, target);
    if (real === null) {
      output += `umount: ${target}: no mount point specified.\n`;
      ret = -ERRNO.ENOENT;
      continue;
    }
    const table = await readMountinfo(b, task);
    if (typeof table !== 'number' && !table.some((e) => e.target === real)) {
      output += `umount: ${target}: not mounted.\n`;
      ret = -ERRNO.EINVAL;
      continue;
    }
    const r = await b.call(task, 'umount2', [target, o.lazy ? MOUNT.MNT_DETACH : 0]);
    if (r.ret >= 0) continue;
    ret = r.ret;
    output += `umount: ${target}: ${r.ret === -ERRNO.EBUSY ? 'target is busy' : r.ret === -ERRNO.EPERM ? 'must be superuser to unmount' : r.ret === -ERRNO.EINVAL ? 'not mounted' : `umount failed: ${strerror(r.ret)}`}.\n`;
  }
  return { ret, output };
}
