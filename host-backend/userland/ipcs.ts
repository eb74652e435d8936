// ipcs [-q] [-m] [-s]: util-linux 2.38's default listing of the System V
// objects of the caller's IPC namespace, read from /proc/sysvipc as ipcs
// itself reads them (the owner is the uid as the caller's user namespace
// maps it, named through getpwuid(3)).
import type { Backend, TaskRef } from '../backend.ts';
import type { CommandResult } from './command.ts';
import { userName } from './procfs.ts';

type Kind = 'q' | 'm' | 's';

const SECTIONS: Record<Kind, { file: string; title: string; header: string }> = {
  q: {
    file: '/proc/sysvipc/msg', title: 'Message Queues',
    header: 'key        msqid      owner      perms      used-bytes   messages    ',
  },
  m: {
    file: '/proc/sysvipc/shm', title: 'Shared Memory Segments',
    header: 'key        shmid      owner      perms      bytes      nattch     status      ',
  },
  s: {
    file: '/proc/sysvipc/sem', title: 'Semaphore Arrays',
    header: 'key        semid      owner      perms      nsems     ',
  },
};

/** The options, or a usage error. */
export function parseIpcs(argv: readonly string[]): Kind[] | string {
  const kinds: Kind[] = [];
  for (const a of argv.slice(1)) {
    const k = ({ '-q': 'q', '--queues': 'q', '-m': 'm', '--shmems': 'm', '-s': 's', '--semaphores': 's' } as Record<string, Kind>)[a];
    if (!k) return `ipcs: unsupported option ${a} (supported: -q -m -s)`;
    if (!kinds.includes(k)) kinds.push(k);
  }
  // the default order, whatever the order of the options
  return (['q', 'm', 's'] as Kind[]).filter((k) => kinds.length === 0 || kinds.includes(k));
}

const left = (s: string | number, w: number) => String(s).padEnd(w);
const hexKey = (key: number) => '0x' + (key >>> 0).toString(16).padStart(8, '0');

/** One object's line, from its /proc/sysvipc fields (the header names them). */
function row(kind: Kind, f: Record<string, string>): string {
  const mode = Number(f.perms ? parseInt(f.perms, 8) : 0);
  const head = `${hexKey(Number(f.key))} ${left(f[kind === 'q' ? 'msqid' : kind === 'm' ? 'shmid' : 'semid'] ?? '', 10)} `
    + `${left(userName(Number(f.uid)).slice(0, 10), 10)} ${left((mode & 0o777).toString(8), 10)} `;
  if (kind === 'q') return head + `${left(f.cbytes ?? '', 12)} ${left(f.qnum ?? '', 12)}`;
  if (kind === 's') return head + `${left(f.nsems ?? '', 10)}`;
  // SHM_DEST 01000, SHM_LOCKED 02000
  return head + `${left(f.size ?? '', 10)} ${left(f.nattch ?? '', 10)} ${left(mode & 0o1000 ? 'dest' : ' ', 6)} ${left(mode & 0o2000 ? 'locked' : ' ', 6)}`;
}

export async function ipcs(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const kinds = parseIpcs(argv);
  if (typeof kinds === 'string') return { ret: -22, output: kinds + '\n' };
  let output = '';
  for (const kind of kinds) {
    const s = SECTIONS[kind];
    output += `\n------ ${s.title} --------\n${s.header}\n`;
    const r = await b.call(task, 'read_file', [s.file]);
    const lines = r.ret >= 0 ? (r.text ?? '').split('\n').filter((l) => l.trim() !== '') : [];
    const names = (lines.shift() ?? '').trim().split(/\s+/);
    for (const line of lines) {
      const vals = line.trim().split(/\s+/);
      const f: Record<string, string> = {};
      names.forEach((n, i) => { f[n] = vals[i] ?? ''; });
      output += row(kind, f) + '\n';
    }
  }
  // one blank line after the last section
  return { ret: 0, output: output + '\n' };
}
