// The host's /proc as the agent (in the host's namespaces) reads it: task
// state, pending signals and pid numbers of the sandbox's real tasks.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

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
  let text: string;
  try {
    text = readFileSync(`/proc/${tid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // comm may hold spaces and parentheses: the fields start after the last ')'
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
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

export function taskStatus(tid: number): TaskStatus | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${tid}/status`, 'latin1');
  } catch {
    return null;
  }
  const field = (name: string) => {
    const i = text.indexOf(`\n${name}:\t`);
    if (i < 0) return '';
    const s = i + name.length + 3;
    return text.slice(s, text.indexOf('\n', s));
  };
  const hex = (name: string) => BigInt(`0x${field(name) || '0'}`);
  const nspid = field('NSpid').split('\t').filter(Boolean).map(Number);
  return { nspid, pending: (hex('SigPnd') | hex('ShdPnd')) & ~hex('SigBlk') };
}

/** "pid:[4026531836]" for /proc/<tid>/ns/<type>, or null. */
export function nsLink(tid: number, type: string): string | null {
  try {
    return readlinkSync(`/proc/${tid}/ns/${type}`);
  } catch {
    return null;
  }
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
      for (const c of readFileSync(`/proc/${tid}/task/${t}/children`, 'latin1').split(' ')) if (c.trim()) out.push(Number(c));
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
