// lsns, as util-linux 2.38 prints it, from /proc as the calling task sees it.
// lsns(8): one line per namespace found through the processes' /proc/T/ns/
// links, sorted by inode; NPROCS counts the processes in it, PID is the
// lowest PID in it, USER that process's owner, COMMAND its command line
// (its comm when the command line is empty). Processes whose links cannot be
// read (zombies) are left out. Columns are as wide as their widest cell; NS,
// NPROCS and PID right-aligned; the last column unpadded.
import type { Backend, TaskRef } from '../backend.ts';
import type { NsType } from '../errno.ts';
import type { CommandResult } from './command.ts';
import {
  NS_NAMES, cmdlineWords, nsInode, numbers, parseStat, parseStatus, readLink, readPids, readText, userName,
} from './procfs.ts';
import { strerror } from './strerror.ts';

interface LsnsOptions {
  types: NsType[];
  pid: number | null;
}

export function parseLsns(argv: readonly string[]): LsnsOptions | string {
  const types: NsType[] = [];
  let pid: number | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-t' || a.startsWith('--type')) {
      const v = a === '-t' ? argv[++i] : a.split('=')[1];
      if (!v || !(NS_NAMES as readonly string[]).includes(v)) return `lsns: unknown namespace type: ${v ?? ''}`;
      types.push(v as NsType);
    } else if (a.startsWith('-t') && a.length > 2) {
      const v = a.slice(2);
      if (!(NS_NAMES as readonly string[]).includes(v)) return `lsns: unknown namespace type: ${v}`;
      types.push(v as NsType);
    } else if (a === '-p' || a === '--task') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) return `lsns: invalid PID argument: '${argv[i] ?? ''}'`;
      pid = v;
    } else {
      return `lsns: unsupported option ${a} (supported: -t TYPE, -p PID)`;
    }
  }
  return { types: types.length ? types : [...NS_NAMES], pid };
}

interface Proc {
  pid: number;
  uid: number;
  command: string;
  ns: Map<NsType, number>;
}

export async function lsns(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const opts = parseLsns(argv);
  if (typeof opts === 'string') return { ret: -22, output: opts + '\n' };
  const procs: Proc[] = [];
  const pids = await readPids(b, task);
  if (typeof pids === 'number') return { ret: pids, output: `lsns: cannot open /proc: ${strerror(pids)}\n` };
  for (const pid of pids) {
    const ns = new Map<NsType, number>();
    for (const t of opts.types) {
      const ino = nsInode((await readLink(b, task, `/proc/${pid}/ns/${t}`)) ?? undefined);
      if (ino) ns.set(t, ino);
    }
    if (ns.size === 0) continue;
    const stat = parseStat((await readText(b, task, `/proc/${pid}/stat`)) ?? '');
    const status = parseStatus((await readText(b, task, `/proc/${pid}/status`)) ?? '');
    const words = cmdlineWords(await readText(b, task, `/proc/${pid}/cmdline`), 'lsns');
    procs.push({
      pid, uid: numbers(status.get('Uid'))[1] ?? 0, command: words || (stat?.comm ?? status.get('Name') ?? ''), ns,
    });
  }
  const byInode = new Map<number, { type: NsType; procs: Proc[] }>();
  for (const p of procs) {
    for (const [type, ino] of p.ns) {
      const e = byInode.get(ino) ?? { type, procs: [] };
      e.procs.push(p);
      byInode.set(ino, e);
    }
  }
  let inodes = [...byInode.keys()].sort((a, c) => a - c);
  if (opts.pid !== null) {
    const p = procs.find((x) => x.pid === opts.pid);
    if (!p) return { ret: -3, output: '' };
    inodes = inodes.filter((ino) => [...p.ns.values()].includes(ino));
  }
  const rows = inodes.map((ino) => {
    const e = byInode.get(ino)!;
    const first = e.procs.reduce((a, c) => (c.pid < a.pid ? c : a));
    return [String(ino), e.type, String(e.procs.length), String(first.pid), userName(first.uid), first.command];
  });
  if (rows.length === 0) return { ret: 0, output: '' };
  return { ret: 0, output: table(['NS', 'TYPE', 'NPROCS', 'PID', 'USER', 'COMMAND'], [true, false, true, true, false, false], rows) };
}

/** libsmartcols without a terminal: each column as wide as its widest cell, one space between. */
export function table(headers: string[], right: boolean[], rows: string[][]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all
    .map((r) => r.map((v, i) => {
      if (i === r.length - 1) return right[i] ? v.padStart(widths[i]) : v;
      return right[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]);
    }).join(' ') + '\n')
    .join('');
}
