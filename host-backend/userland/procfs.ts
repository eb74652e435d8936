// Reading procfs through a Backend, as a task sees it: the helpers every
// command and the snapshot share. Formats as proc(5) documents them.
import type { Backend, TaskRef } from '../backend.ts';
import type { NsType } from '../errno.ts';

/** The fields of /proc/T/stat that userland uses (proc(5) numbering in comments). */
export interface ProcStat {
  pid: number;        // (1)
  comm: string;       // (2) without the parentheses
  state: string;      // (3)
  ppid: number;       // (4)
  pgrp: number;       // (5)
  session: number;    // (6)
  ttyNr: number;      // (7)
  tpgid: number;      // (8)
  nice: number;       // (19)
  numThreads: number; // (20)
}

/**
 * Parses /proc/T/stat. comm may hold spaces and parentheses, so it runs from
 * the first "(" to the LAST ")" (as procps does). null when malformed.
 */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  if (!Number.isInteger(pid) || rest.length < 18) return null;
  const num = (i: number) => Number(rest[i]);
  return {
    pid, comm: text.slice(open + 1, close), state: rest[0],
    ppid: num(1), pgrp: num(2), session: num(3), ttyNr: num(4), tpgid: num(5),
    nice: num(16), numThreads: num(17),
  };
}

/** /proc/T/status's fields: key → value (the text after the colon, trimmed). */
export interface StatusFields {
  get(key: string): string | undefined;
}

/**
 * /proc/T/status, looked up field by field (a snapshot reads a handful of
 * its ~55 lines for each of thousands of tasks). Keys are unique per line
 * start, as fs/proc/array.c writes them.
 */
export function parseStatus(text: string): StatusFields {
  return {
    get(key: string): string | undefined {
      const head = `${key}:`;
      const first = text.startsWith(head);
      // the newline before the field's line (-1 for the first line)
      const nl = first ? -1 : text.indexOf(`\n${head}`);
      if (!first && nl < 0) return undefined;
      const from = nl + 1 + head.length;
      const end = text.indexOf('\n', from);
      return text.slice(from, end < 0 ? text.length : end).trim();
    },
  };
}

/** A whitespace-separated list of numbers from a status field ("1\t2\t3"). */
export function numbers(field: string | undefined): number[] {
  if (!field) return [];
  return field.split(/\s+/).filter(Boolean).map(Number);
}

/** "pid:[4026531836]" → 4026531836; 0 when the text is no namespace link. */
export function nsInode(link: string | undefined): number {
  const m = /^[a-z_]+:\[(\d+)\]$/.exec(link ?? '');
  return m ? Number(m[1]) : 0;
}

/** The numeric entries of a /proc directory (processes, or a task/ directory's threads), ascending. */
export async function listPids(b: Backend, task: TaskRef, dir = '/proc'): Promise<number[]> {
  const r = await readPids(b, task, dir);
  return typeof r === 'number' ? [] : r;
}

/**
 * As listPids, or -errno when the directory cannot be read (a dead caller);
 * with `needProc`, a directory without "self" (no proc mounted there) is -ENOENT.
 */
export async function readPids(b: Backend, task: TaskRef, dir = '/proc', needProc = false): Promise<number[] | number> {
  const r = await b.call(task, 'readdir', [dir]);
  if (r.ret < 0) return r.ret;
  const names = (r.text ?? '').split('\n');
  if (needProc && !names.includes('self')) return -2;
  return names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, c) => a - c);
}

/** The text of a file as `task` reads it, or null (with no error shown) when it cannot. */
export async function readText(b: Backend, task: TaskRef, path: string): Promise<string | null> {
  const r = await b.call(task, 'read_file', [path]);
  return r.ret >= 0 ? (r.text ?? '') : null;
}

export async function readLink(b: Backend, task: TaskRef, path: string): Promise<string | null> {
  const r = await b.call(task, 'readlink', [path]);
  return r.ret >= 0 ? (r.text ?? '') : null;
}

/** The namespace types in lsns's order of /proc/T/ns/ entries. */
export const NS_NAMES: readonly NsType[] = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'];

/** The user name for a uid, as getpwuid(3) gives it on a machine with only root named. */
export function userName(uid: number): string {
  return uid === 0 ? 'root' : String(uid);
}

/**
 * /proc/T/cmdline (NUL-separated argv) as one line: the final NUL dropped,
 * the others become spaces ("" for none). Control characters as the tool
 * shows them: procps turns them into spaces ('ps'), util-linux's
 * libsmartcols into \xHH ('lsns').
 */
export function cmdlineWords(raw: string | null, style: 'ps' | 'lsns' = 'ps'): string {
  if (!raw) return '';
  const line = raw.replace(/\0$/, '').replace(/\0/g, ' ');
  // eslint-disable-next-line no-control-regex
  return style === 'ps' ? line.replace(/[\x00-\x1f\x7f]/g, ' ')
    : line.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
