// ps and lsns print exactly what procps-ng 4.0.2 and util-linux 2.38.1
// printed on a real machine from the same /proc files (captured by
// fixtures/capture-linux.py in a throwaway PID namespace: a session leader,
// a niced process, a process with three threads and a zombie).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../host-backend/userland/command.ts';
import { buildSnapshot } from '../../host-backend/userland/snapshot.ts';
import { ProcfsBackend, type Capture } from './procfs-backend.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/linux-procfs.json', import.meta.url), 'utf8')) as Capture & {
  ps: Record<string, string>;
  lsns: Record<string, string>;
  versions: Record<string, string>;
};
const b = new ProcfsBackend(fixture);

describe(`ps as ${fixture.versions.ps} prints it`, () => {
  it.each(Object.keys(fixture.ps))('ps %s', async (args) => {
    const r = await runCommand(b, 1, ['ps', ...args.split(' ')]);
    expect(r.output).toBe(fixture.ps[args]);
    expect(r.ret).toBe(0);
  });

  it('plain ps is ps -e -o pid,ppid,stat,comm (no terminal in a scenario)', async () => {
    expect((await runCommand(b, 1, ['ps'])).output).toBe(fixture.ps['-e -o pid,ppid,stat,comm']);
  });

  it('ps -L without -o adds TID to the default columns', async () => {
    expect((await runCommand(b, 1, ['ps', '-L'])).output).toBe(fixture.ps['-e -L -o pid,ppid,tid,stat,comm']);
  });
});

describe(`lsns as ${fixture.versions.lsns} prints it`, () => {
  it.each(Object.keys(fixture.lsns))('lsns %s', async (args) => {
    const r = await runCommand(b, 1, ['lsns', ...args.split(' ').filter(Boolean)]);
    expect(r.output).toBe(fixture.lsns[args]);
  });

  it('a zombie still counts in its pid and user namespaces (its only readable links), in no other', async () => {
    const out = (await runCommand(b, 1, ['lsns'])).output;
    const nprocs = Object.fromEntries(out.trim().split('\n').slice(1).map((l) => { const f = l.trim().split(/\s+/); return [f[1], Number(f[2])]; }));
    expect(nprocs).toMatchObject({ pid: 6, user: 6, net: 5, mnt: 5, uts: 5 });
  });
});

describe('the snapshot from real /proc files', () => {
  it('every thread is a task; a zombie has only its pid and user namespaces', async () => {
    const s = await buildSnapshot(b, 1);
    expect(s.tasks.map((t) => [t.ref, t.comm, t.state, t.ppid])).toEqual([
      [1, 'bash', 'S', 0], [2, 'sleep', 'S', 1], [3, 'sleep', 'S', 1], [4, 'sleep', 'S', 1],
      [5, 'python3', 'S', 1], [7, 'python3', 'S', 1], [8, 'python3', 'S', 1], [6, 'python3', 'Z', 5],
    ]);
    const zombie = s.tasks.find((t) => t.ref === 6)!;
    expect(zombie.ns.net).toBe(0);
    expect(zombie.ns.pid).toBe(s.tasks[0].ns.pid);
    expect(zombie.ns.user).toBe(s.tasks[0].ns.user);
    const thread = s.tasks.find((t) => t.ref === 7)!;
    expect(thread.nstgid).toEqual([5]);
    expect(thread.nspid).toEqual([7]);
    expect(s.namespaces.map((n) => n.type).sort()).toEqual(['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts']);
  });
});
