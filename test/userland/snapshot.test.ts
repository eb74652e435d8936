// The snapshot (as init sees /proc), normalise() and the diff of two runs.
import { describe, expect, it } from 'vitest';
import { diffRuns, formatDifferences, lineDiff, type RunRecord } from '../../host-backend/userland/diff.ts';
import { Normaliser, normalise } from '../../host-backend/userland/normalise.ts';
import type { Snapshot } from '../../host-backend/userland/snapshot-types.ts';
import { simRun } from './sim-helpers.ts';

const NESTED = `init: fork() -> a
a: clone(CLONE_NEWPID | CLONE_NEWUTS | SIGCHLD) -> b
b: clone(CLONE_NEWPID | SIGCHLD) -> c
b: unshare(CLONE_NEWPID)
`;

describe('snapshot', () => {
  it('every task with its PID at every level, parent, name, state and namespaces', async () => {
    const { run } = await simRun(NESTED);
    const s = await run.snapshot();
    expect(s.version).toBe(1);
    expect(s.backend).toBe('sim');
    expect(s.tasks.map((t) => [t.ref, t.comm, t.nspid, t.ppid, t.state])).toEqual([
      [1, 'init', [1], 0, 'R'],
      [2, 'a', [2], 1, 'S'],
      [3, 'b', [3, 1], 2, 'S'],
      [4, 'c', [4, 2, 1], 3, 'S'],
    ]);
    const [init, a, b, c] = s.tasks;
    expect(init.ns.pid).toBe(4026531836);
    expect(a.ns.pid).toBe(init.ns.pid);
    expect(b.ns.uts).not.toBe(a.ns.uts);
    expect(c.ns.uts).toBe(b.ns.uts);
    // unshare(CLONE_NEWPID) moves only pid_for_children
    expect(b.ns.pid_for_children).not.toBe(b.ns.pid);
    expect(b.ns.pid_for_children).not.toBe(c.ns.pid);
    expect(init.cpusAllowed).toBe('0-7');
    expect(init.uid).toEqual([0, 0, 0, 0]);
  });

  it('every namespace with its type, parent and level; pid_for_children once its init exists', async () => {
    const before = await (await simRun(NESTED)).run.snapshot();
    // pidns_for_children_get(): the link is ENOENT while the new namespace has no init
    expect(before.tasks[2].ns.pid_for_children).toBe(0);
    expect(before.namespaces.filter((n) => n.type === 'pid')).toHaveLength(3);
    const s = await (await simRun(NESTED + 'b: fork() -> d\n')).run.snapshot();
    const [b, c] = [s.tasks[2], s.tasks[3]];
    const pidns = s.namespaces.filter((n) => n.type === 'pid');
    const byInode = new Map(pidns.map((n) => [n.inode, n]));
    expect(byInode.get(4026531836)).toMatchObject({ parent: 0, level: 0 });
    expect(byInode.get(b.ns.pid)).toMatchObject({ parent: 4026531836, level: 1 });
    expect(byInode.get(c.ns.pid)).toMatchObject({ parent: b.ns.pid, level: 2 });
    const forChildren = s.tasks[2].ns.pid_for_children;
    expect(s.tasks[4].ns.pid).toBe(forChildren);
    expect(byInode.get(forChildren)).toMatchObject({ parent: b.ns.pid, level: 2 });
    expect(pidns).toHaveLength(4);
    expect(s.namespaces.filter((n) => n.type === 'uts')).toHaveLength(2);
  });
});

describe('normalise', () => {
  it('renumbers namespace inodes in order of first appearance; 0 stays "none"', async () => {
    const { run } = await simRun(NESTED);
    const n = normalise(await run.snapshot());
    const init = n.tasks[0];
    expect(init.ns.cgroup).toBe(1);
    expect(Object.values(init.ns).every((v) => v >= 0 && v < 20)).toBe(true);
    expect(n.namespaces.map((x) => x.inode)).toEqual([...n.namespaces.map((x) => x.inode)].sort((a, b) => a - b));
    expect(n.namespaces.find((x) => x.type === 'pid' && x.level === 0)!.parent).toBe(0);
  });

  it('text: ns links and bare inodes, mountinfo ids, peer groups and anonymous devices', () => {
    const norm = new Normaliser();
    expect(norm.text('pid:[4026532182]\nuser:[4026531837]\npid:[4026532182]')).toBe('pid:[ns1]\nuser:[ns2]\npid:[ns1]');
    expect(norm.text('4026531837 user        1   1 root init')).toBe('ns2 user        1   1 root init');
    // other numbers are left alone
    expect(norm.text('NSpid:\t5\t3\t2\t1\nVmPeak: 4026 kB 1234567890')).toBe('NSpid:\t5\t3\t2\t1\nVmPeak: 4026 kB 1234567890');
    expect(norm.text(
      '1416 1302 0:390 / / rw,relatime shared:655 master:12 - tmpfs tmpfs rw\n' +
      '1417 1416 0:22 / /proc rw,nosuid - proc proc rw\n' +
      '1418 1416 8:1 /null /dev/null rw shared:655 - ext4 /dev/sda1 rw',
    )).toBe(
      'm1 m2 0:dev1 / / rw,relatime shared:peer1 master:peer2 - tmpfs tmpfs rw\n' +
      'm3 m1 0:dev2 / /proc rw,nosuid - proc proc rw\n' +
      'm4 m1 8:1 /null /dev/null rw shared:peer1 - ext4 /dev/sda1 rw',
    );
  });
});

describe('diff of two runs', () => {
  const snap = (inode: number, comm: string): Snapshot => ({
    version: 1, backend: 'sim', namespaces: [{ inode, type: 'pid', parent: 0, owner: 0, level: 0 }], mounts: [],
    tasks: [{ ref: 1, nspid: [1], nstgid: [1], ppid: 0, comm, state: 'S', ns: { cgroup: 0, ipc: 0, mnt: 0, net: 0, pid: inode, time: 0, user: 0, uts: 0, pid_for_children: inode, time_for_children: 0 }, uid: [0], gid: [0], cgroup: [], cpusAllowed: '0' }],
  });
  const rec = (backend: 'sim' | 'host', inode: number, out: string, comm = 'init'): RunRecord => ({
    backend, snapshot: snap(inode, comm),
    steps: [{ index: 0, line: 1, text: 'init: readlink /proc/self/ns/pid', ret: 0, output: out }],
  });

  it('two runs that differ only in inode numbers are the same after normalising', () => {
    expect(diffRuns(rec('sim', 4026531836, 'pid:[4026531836]\n'), rec('host', 4026532181, 'pid:[4026532181]\n'))).toEqual([]);
  });

  it('a real difference is named by its line and field', () => {
    const d = diffRuns(rec('sim', 4026531836, 'pid:[4026531836]\n'), rec('host', 4026532181, 'pid:[4026532181]\nextra\n', 'bash'));
    expect(d.map((x) => x.where)).toEqual(['line 1 `init: readlink /proc/self/ns/pid`: output', 'snapshot: task 1 (init) comm']);
    expect(formatDifferences(d)).toBe(
      'line 1 `init: readlink /proc/self/ns/pid`: output  (--- sim, +++ host)\n' +
      '   pid:[ns1]\n' +
      '  +extra\n' +
      'snapshot: task 1 (init) comm\n' +
      '  sim: "init"\n' +
      '  host: "bash"\n');
  });

  it('lineDiff keeps common lines and marks the rest', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\n')).toEqual([' a', '+x', '-b', ' c']);
    expect(lineDiff('', 'a\n')).toEqual(['+a']);
  });

  it('the same scenario twice on the simulator: no difference', async () => {
    const one = await simRun(NESTED + 'c: ps\nb: lsns');
    const two = await simRun(NESTED + 'c: ps\nb: lsns');
    const record = async (r: typeof one): Promise<RunRecord> => ({
      backend: 'sim', snapshot: await r.run.snapshot(),
      steps: r.results.map((x) => ({ index: x.index, line: x.line, text: x.text, ret: x.ret, output: x.output })),
    });
    expect(diffRuns(await record(one), await record(two))).toEqual([]);
  });
});
