// The host's /proc as the agent (in the host's namespaces) reads it: task
// state, pending signals and pid numbers of the sandbox's real tasks.
import { closeSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';

const buf = Buffer.alloc(64 * 1024);

/** A small /proc file's text, or null (open + read + close: readFileSync is several times slower here). */
export function readProc(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    return buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** pread(0) of a kept /proc fd: seq_file renders afresh; ESRCH once the task is reaped. */
function reread(fd: number): string | null {
  try {
    return buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return null;
  }
}

/** PF_EXITING (include/linux/sched.h): set from do_exit() until the task is gone. */
const PF_EXITING = 0x4;

export interface TaskStat {
  /** 'R', 'S', 'D', 'T', 't', 'Z', 'X', ... */
  state: string;
  ppid: number;
  flags: number;
  /** start time in clock ticks after boot: with the pid, names one task for its whole life */
  start: number;
}

/** /proc/<tid>/stat, or null when the task is gone (reaped). */
export function taskStat(tid: number): TaskStat | null {
  return parseStat(readProc(`/proc/${tid}/stat`));
}

/**
 * The fields of a stat line at the indexes `want` (ascending), counted from
 * state (field 3 of proc(5)) as 0: comm may hold spaces and parentheses, so
 * they start after the last ')'.
 */
function statFields(text: string, want: readonly number[]): string[] {
  const f: string[] = [];
  let at = text.lastIndexOf(')') + 2;
  for (let i = 0, w = 0; w < want.length; i++) {
    const end = text.indexOf(' ', at);
    if (i === want[w]) { f[i] = text.slice(at, end < 0 ? undefined : end).trimEnd(); w++; }
    if (end < 0) break;
    at = end + 1;
  }
  return f;
}

function parseStat(text: string | null): TaskStat | null {
  if (text === null) return null;
  const f = statFields(text, [0, 1, 6, 19]);
  return { state: f[0]!, ppid: Number(f[1]), flags: Number(f[6]), start: Number(f[19]) };
}

export const isExiting = (s: TaskStat) => (s.flags & PF_EXITING) !== 0;
export const isDead = (s: TaskStat | null) => s === null || s.state === 'Z' || s.state === 'X';

export interface TaskStatus {
  /** pid at each PID-namespace level, the host's first */
  nspid: number[];
  /** signals pending and not blocked (thread-private and shared queues) */
  pending: bigint;
}

/** a signal mask with no bit set */
const NONE = /^0*$/;

function parseStatus(text: string | null): TaskStatus | null {
  if (text === null) return null;
  const field = (name: string) => {
    const i = text.indexOf(`\n${name}:\t`);
    if (i < 0) return '';
    const s = i + name.length + 3;
    return text.slice(s, text.indexOf('\n', s));
  };
  const hex = (name: string) => BigInt(`0x${field(name) || '0'}`);
  const nspid = field('NSpid').split('\t').filter(Boolean).map(Number);
  // mostly nothing is pending: no BigInt work then
  const pending = NONE.test(field('SigPnd')) && NONE.test(field('ShdPnd')) ? 0n : (hex('SigPnd') | hex('ShdPnd')) & ~hex('SigBlk');
  return { nspid, pending };
}

/** "pid:[4026531836]" for /proc/<tid>/ns/<type>, or null. */
export function nsLink(tid: number, type: string): string | null {
  try {
    return readlinkSync(`/proc/${tid}/ns/${type}`);
  } catch {
    return null;
  }
}

/** Children of the one thread `tid` (what a fork or plain clone it makes adds to). */
export function threadChildren(tid: number): number[] {
  const text = readProc(`/proc/${tid}/task/${tid}/children`) ?? '';
  return text.split(' ').filter((c) => c.trim()).map(Number);
}

/** Children of every thread of `tid`'s thread group, plus its threads. */
export function relatives(tid: number): number[] {
  const out: number[] = [];
  let threads: string[] = [];
  try {
    threads = readdirSync(`/proc/${tid}/task`);
  } catch {
    return out;
  }
  for (const t of threads) {
    out.push(Number(t));
    try {
      for (const c of (readProc(`/proc/${tid}/task/${t}/children`) ?? '').split(' ')) if (c.trim()) out.push(Number(c));
    } catch { /* thread gone */ }
  }
  return out;
}

/** The executable of a task (to see that exec happened), or null. */
export function exePath(tid: number): string | null {
  try {
    return readlinkSync(`/proc/${tid}/exe`);
  } catch {
    return null;
  }
}

/**
 * One task's stat and status, through fds kept open from its registration:
 * they keep naming that task (never a later one with its pid) and read as
 * null once it is reaped.
 */
export class ProcHandle {
  private readonly statFd: number;
  private readonly statusFd: number;

  constructor(readonly tid: number) {
    this.statFd = openSync(`/proc/${tid}/stat`, 'r');
    try {
      this.statusFd = openSync(`/proc/${tid}/status`, 'r');
    } catch (e) {
      closeSync(this.statFd);
      throw e;
    }
  }

  stat(): TaskStat | null {
    return parseStat(reread(this.statFd));
  }

  /** stat's state letter alone ('R', 'S', 'Z', ...), or null once reaped: what a call checks first, without parsing the line. */
  state(): string | null {
    let n: number;
    try {
      n = readSync(this.statFd, buf, 0, buf.length, 0);
    } catch {
      return null;
    }
    // comm may hold spaces and parentheses: the state follows the last ')'
    const close = buf.lastIndexOf(0x29, n - 1);
    return close < 0 || close + 2 >= n ? null : String.fromCharCode(buf[close + 2]!);
  }

  status(): TaskStatus | null {
    return parseStatus(reread(this.statusFd));
  }

  /**
   * After an exec: whether the new program's arguments and environment are in
   * place (env_end, field 51 of stat in proc(5), is set by the ELF loader once the new
   * mm is installed, 0 until then: /proc/T/cmdline reads empty before), or it
   * is gone.
   */
  execReady(): boolean {
    const text = reread(this.statFd);
    if (text === null) return true;
    const f = statFields(text, [0, 48]);
    return f[0] === 'Z' || f[0] === 'X' || (f[48] ?? '0') !== '0';
  }

  close(): void {
    closeSync(this.statFd);
    closeSync(this.statusFd);
  }
}
