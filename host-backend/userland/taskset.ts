// nproc (coreutils) and taskset -p / -cp (util-linux), read-only: what
// sched_getaffinity(2) gives, read from /proc/PID/status (Cpus_allowed,
// Cpus_allowed_list) as the task sees it, so both backends print the same.
// Setting an affinity needs the sched_setaffinity call (not yet in
// SYSCALLS): `taskset -p MASK PID` and `taskset -cp LIST PID` say so.
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { strerror } from './strerror.ts';

async function statusField(b: Backend, task: TaskRef, pid: string, field: string): Promise<string | number> {
  const r = await b.call(task, 'read_file', [`/proc/${pid}/status`]);
  if (r.ret < 0) return r.ret;
  const line = (r.text ?? '').split('\n').find((l) => l.startsWith(`${field}:`));
  return line === undefined ? -ERRNO.ENOSYS : line.slice(field.length + 1).trim();
}

/** The CPUs of a kernel list ("0,2,4-6"). */
export function cpuSet(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map(Number);
    for (let i = a!; i <= (b ?? a!); i++) out.push(i);
  }
  return out;
}

export const cpuCount = (list: string) => cpuSet(list).length;

/** util-linux's cpulist_create(): runs of three or more as "a-b", a run of two as "a,b". */
export function utilLinuxList(cpus: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; i++) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${cpus[i]}-${cpus[j]}`);
    else for (let x = i; x <= j; x++) parts.push(String(cpus[x]));
    i = j;
  }
  return parts.join(',');
}

/** nproc: the CPUs the task may run on. */
export async function nproc(b: Backend, task: TaskRef): Promise<CommandResult> {
  const list = await statusField(b, task, 'self', 'Cpus_allowed_list');
  if (typeof list === 'number') return { ret: list, output: `nproc: ${strerror(list)}\n` };
  return { ret: 0, output: `${cpuCount(list)}\n` };
}

export function checkTaskset(argv: readonly string[]): string | null {
  const opt = argv[1];
  if (opt !== '-p' && opt !== '-cp' && opt !== '-pc') return 'taskset: only -p PID and -cp PID (show an affinity) are supported';
  if (argv.length === 4) return 'taskset: setting an affinity needs sched_setaffinity, not yet a Backend call';
  if (argv.length !== 3 || !/^\d+$/.test(argv[2]!)) return 'taskset: usage: taskset -p|-cp PID';
  return null;
}

/** taskset -p PID / -cp PID: util-linux's "pid N's current affinity mask: 55" / "... list: 0,2,4,6". */
export async function taskset(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const pid = argv[2]!;
  const list = argv[1] !== '-p';
  const v = await statusField(b, task, pid, list ? 'Cpus_allowed_list' : 'Cpus_allowed');
  if (typeof v === 'number') {
    return { ret: v, output: `taskset: failed to get pid ${pid}'s affinity: ${v === -ERRNO.ENOENT ? 'No such process' : strerror(v)}\n` };
  }
  // the mask without leading zeros or the comma grouping, as taskset prints it
  const shown = list ? utilLinuxList(cpuSet(v)) : v.replace(/,/g, '').replace(/^0+(?=.)/, '');
  return { ret: 0, output: `pid ${pid}'s current affinity ${list ? 'list' : 'mask'}: ${shown}\n` };
}
