// ps, as procps-ng 4 prints it, reading /proc as the calling task sees it.
//
// Deliberate differences from procps:
// - a scenario's tasks have no terminal, so plain `ps` selects every process
//   in /proc (as `ps -e` does) and its default columns are PID PPID STAT
//   COMMAND (`ps -e -o pid,ppid,stat,comm`); with -L or -T, TID is added;
// - ps is no process of its own here, so it never lists itself.
// Widths and alignment are procps's: PID-like columns 7 wide right-aligned,
// STAT 4, comm 15, args 27, the last column unpadded, overflow pushes right.
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import { cmdlineWords, listPids, numbers, parseStat, parseStatus, readPids, readText, userName, type ProcStat, type StatusFields } from './procfs.ts';
import { strerror } from './strerror.ts';
import type { CommandResult } from './command.ts';

interface Row {
  stat: ProcStat;
  /** the thread id as the reader sees it (= pid for a process row) */
  tid: number;
  base: string;
}

interface Column {
  header: string;
  width: number;
  right: boolean;
  /** needs /proc/T/status or cmdline */
  needs?: 'status' | 'cmdline';
  value(r: Row, extra: { status?: StatusFields; cmdline?: string | null }): string;
}

const num = (header: string, f: (r: Row) => number, width = 7): Column =>
  ({ header, width, right: true, value: (r) => String(f(r)) });

/** procps's STAT: state, then < N s l + (ps/output.c pr_stat) */
function statFlags(s: ProcStat): string {
  let out = s.state;
  if (s.nice < 0) out += '<';
  else if (s.nice > 0) out += 'N';
  if (s.session === s.pid) out += 's';
  if (s.numThreads > 1) out += 'l';
  if (s.tpgid === s.pgrp) out += '+';
  return out;
}

function args(r: Row, cmdline: string | null | undefined): string {
  const words = cmdlineWords(cmdline ?? null);
  if (r.stat.state === 'Z') return `[${r.stat.comm}] <defunct>`;
  return words || `[${r.stat.comm}]`;
}

const uidOf = (st: StatusFields | undefined) => numbers(st?.get('Uid'))[1] ?? 0;

export const PS_COLUMNS: Record<string, () => Column> = {
  pid: () => num('PID', (r) => r.stat.pid),
  tgid: () => num('TGID', (r) => r.stat.pid),
  ppid: () => num('PPID', (r) => r.stat.ppid),
  tid: () => num('TID', (r) => r.tid),
  lwp: () => num('LWP', (r) => r.tid),
  spid: () => num('SPID', (r) => r.tid),
  pgid: () => num('PGID', (r) => r.stat.pgrp),
  pgrp: () => num('PGRP', (r) => r.stat.pgrp),
  sid: () => num('SID', (r) => r.stat.session),
  sess: () => num('SESS', (r) => r.stat.session),
  nlwp: () => num('NLWP', (r) => r.stat.numThreads, 4),
  ni: () => num('NI', (r) => r.stat.nice, 3),
  uid: () => ({ header: 'UID', width: 5, right: true, needs: 'status', value: (_r, x) => String(uidOf(x.status)) }),
  euid: () => ({ header: 'EUID', width: 5, right: true, needs: 'status', value: (_r, x) => String(uidOf(x.status)) }),
  user: () => ({ header: 'USER', width: 8, right: false, needs: 'status', value: (_r, x) => userName(uidOf(x.status)) }),
  stat: () => ({ header: 'STAT', width: 4, right: false, value: (r) => statFlags(r.stat) }),
  s: () => ({ header: 'S', width: 1, right: false, value: (r) => r.stat.state }),
  state: () => ({ header: 'S', width: 1, right: false, value: (r) => r.stat.state }),
  comm: () => ({ header: 'COMMAND', width: 15, right: false, value: (r) => r.stat.comm }),
  ucmd: () => ({ header: 'CMD', width: 15, right: false, value: (r) => r.stat.comm }),
  args: () => ({ header: 'COMMAND', width: 27, right: false, needs: 'cmdline', value: (r, x) => args(r, x.cmdline) }),
  command: () => ({ header: 'COMMAND', width: 27, right: false, needs: 'cmdline', value: (r, x) => args(r, x.cmdline) }),
  cmd: () => ({ header: 'CMD', width: 27, right: false, needs: 'cmdline', value: (r, x) => args(r, x.cmdline) }),
};

interface PsOptions {
  columns: Column[];
  threads: boolean;
  pids: number[] | null;
}

/** Parses ps's arguments; a string is the usage error. */
export function parsePs(argv: readonly string[]): PsOptions | string {
  let format: string[] | null = null;
  let threads = false;
  let pids: number[] | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const takeValue = (flag: string): string | null => {
      if (a.length > flag.length) return a.slice(flag.length);
      i++;
      return argv[i] ?? null;
    };
    if (a === '-e' || a === '-A' || a === 'ax' || a === 'a' || a === 'x' || a === '-ax') continue;
    if (a === '-L' || a === '-T' || a === 'H' || a === '-eL' || a === '-eT') { threads = true; continue; }
    if (a.startsWith('-o') || a === 'o') {
      const v = a === 'o' ? (i++, argv[i] ?? null) : takeValue('-o');
      if (v === null) return 'ps: option -o needs a format list';
      format = [...(format ?? []), ...v.split(/[,\s]+/).filter(Boolean)];
      continue;
    }
    if (a.startsWith('-p')) {
      const v = takeValue('-p');
      if (v === null) return 'ps: option -p needs a list of PIDs';
      const list = v.split(',').map(Number);
      if (list.some((n) => !Number.isInteger(n) || n <= 0)) return `ps: process ID list syntax error: ${v}`;
      pids = [...(pids ?? []), ...list];
      continue;
    }
    return `ps: unsupported option ${a} (supported: -e -A -L -T -o FORMAT -p PIDS)`;
  }
  const spec = format ?? (threads ? ['pid', 'ppid', 'tid', 'stat', 'comm'] : ['pid', 'ppid', 'stat', 'comm']);
  const columns: Column[] = [];
  for (const f of spec) {
    const eq = f.indexOf('=');
    const key = eq >= 0 ? f.slice(0, eq) : f;
    const make = PS_COLUMNS[key];
    if (!make) return `ps: unknown format specifier "${key}" (known: ${Object.keys(PS_COLUMNS).join(',')})`;
    const col = make();
    if (eq >= 0) col.header = f.slice(eq + 1);
    columns.push(col);
  }
  return { columns, threads, pids };
}

export async function ps(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const opts = parsePs(argv);
  if (typeof opts === 'string') return { ret: -22, output: opts + '\n' };
  const rows: Row[] = [];
  const pids = await readPids(b, task, '/proc', true);
  if (typeof pids === 'number') {
    // procps's own advice when no proc is mounted on /proc (it exits 47)
    return { ret: pids, output: pids === -ERRNO.ENOENT ? 'Error, do this: mount -t proc proc /proc\n' : `ps: /proc: ${strerror(pids)}\n` };
  }
  for (const pid of pids) {
    if (opts.pids && !opts.pids.includes(pid)) continue;
    const tids = opts.threads ? await listPids(b, task, `/proc/${pid}/task`) : [pid];
    for (const tid of tids.length ? tids : [pid]) {
      const base = tid === pid && !opts.threads ? `/proc/${pid}` : `/proc/${pid}/task/${tid}`;
      const text = await readText(b, task, `${base}/stat`);
      const stat = text === null ? null : parseStat(text);
      // a process that went away between readdir and read is skipped, as procps does
      if (stat) rows.push({ stat: { ...stat, pid }, tid, base });
    }
  }
  const needStatus = opts.columns.some((c) => c.needs === 'status');
  const needCmdline = opts.columns.some((c) => c.needs === 'cmdline');
  const cells: string[][] = [];
  for (const r of rows) {
    const extra: { status?: StatusFields; cmdline?: string | null } = {};
    if (needStatus) extra.status = parseStatus((await readText(b, task, `${r.base}/status`)) ?? '');
    if (needCmdline) extra.cmdline = await readText(b, task, `/proc/${r.stat.pid}/cmdline`);
    cells.push(opts.columns.map((c) => c.value(r, extra)));
  }
  const lines: string[] = [];
  if (opts.columns.some((c) => c.header !== '')) lines.push(layout(opts.columns, opts.columns.map((c) => c.header)));
  for (const row of cells) lines.push(layout(opts.columns, row));
  // procps exits 1 when -p selected nothing
  const ret = opts.pids && rows.length === 0 ? -3 : 0;
  return { ret, output: lines.map((l) => l + '\n').join('') };
}

/** One line: procps pads each column to its width; a wider value pushes the rest right. */
function layout(columns: Column[], values: string[]): string {
  let out = '';
  let debt = 0; // characters the previous columns overflowed by
  columns.forEach((c, i) => {
    const last = i === columns.length - 1;
    const v = values[i];
    if (i > 0) out += ' ';
    const room = Math.max(0, c.width - debt);
    if (c.right) {
      out += v.length >= room ? v : ' '.repeat(room - v.length) + v;
    } else {
      out += last ? v : v.length >= room ? v : v + ' '.repeat(room - v.length);
    }
    debt = Math.max(0, debt + v.length - c.width);
    if (!last && !c.right && v.length < room) debt = 0;
  });
  return out;
}
