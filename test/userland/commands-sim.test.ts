// The userland commands over the simulator: what ps, lsns, cat, readlink,
// hostname, uname, ls and echo print, as Linux prints it for the same
// machine (formats checked against procps/util-linux in linux-formats.test.ts).
import { describe, expect, it } from 'vitest';
import { simRun } from './sim-helpers.ts';

const NESTED = `init: fork() -> a
a: clone(CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNS | SIGCHLD) -> b
b: clone(CLONE_NEWPID | SIGCHLD) -> c
c: clone(CLONE_NEWPID | SIGCHLD) -> d
`;

describe('ps', () => {
  it('reads /proc as the task sees it: the outer /proc lists every task, a new proc mount only its namespace', async () => {
    const { out } = await simRun(`${NESTED}d: ps
b: mount("proc", "/proc", "proc", 0, "")
b: ps
d: ps
init: ps`);
    // the task running ps is the one reading /proc/T/stat, so it is R (as ps is for itself on Linux)
    expect(out(5)).toBe(
      '    PID    PPID STAT COMMAND\n' +
      '      1       0 Ss   init\n' +
      '      2       1 S    a\n' +
      '      3       2 S    b\n' +
      '      4       3 S    c\n' +
      '      5       4 R    d\n');
    // b's new proc instance belongs to b's PID namespace: b is 1, its parent is outside (0)
    expect(out(7)).toBe(
      '    PID    PPID STAT COMMAND\n' +
      '      1       0 R    b\n' +
      '      2       1 S    c\n' +
      '      3       2 S    d\n');
    // d shares b's mount namespace, so it sees the same proc instance
    expect(out(8)).toBe(
      '    PID    PPID STAT COMMAND\n' +
      '      1       0 S    b\n' +
      '      2       1 S    c\n' +
      '      3       2 R    d\n');
    // init's mount namespace still has the old /proc
    expect(out(9).split('\n')).toHaveLength(7);
  });

  it('-o with pid,ppid,tid,stat,comm; threads with -L; a zombie is Z', async () => {
    const { out } = await simRun(`init: fork() -> p
p: clone(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD) -> t
init: fork() -> z
z: exit(3)
init: ps -o pid,ppid,tid,stat,comm
init: ps -L`);
    expect(out(5)).toBe(
      '    PID    PPID     TID STAT COMMAND\n' +
      '      1       0       1 Rs   init\n' +
      '      2       1       2 Sl   p\n' +
      '      4       1       4 Z    z\n');
    expect(out(6)).toBe(
      '    PID    PPID     TID STAT COMMAND\n' +
      '      1       0       1 Rs   init\n' +
      '      2       1       2 Sl   p\n' +
      '      2       1       3 Sl   t\n' +
      '      4       1       4 Z    z\n');
  });

  it('ps -p selects PIDs; pid= and comm= drop the header', async () => {
    const { out, results } = await simRun(`init: fork() -> a
init: ps -p 2 -o pid=,comm=
init: ps -p 9`);
    expect(out(2)).toBe('      2 a\n');
    expect(out(3)).toBe('    PID    PPID STAT COMMAND\n');
    expect(results[2].ret).toBeLessThan(0);
  });
});

describe('lsns', () => {
  it('one line per namespace, sorted by inode, NPROCS and the lowest PID as the task sees /proc', async () => {
    const { out } = await simRun(`${NESTED}b: mount("proc", "/proc", "proc", 0, "")
d: lsns -t pid
init: lsns -t uts`);
    const lines = out(6).split('\n');
    expect(lines[0]).toBe('        NS TYPE NPROCS PID USER COMMAND');
    // b's proc shows b, c, d: three pid namespaces, each with its lowest PID as that proc sees it;
    // COMMAND is the cmdline, which fork copies: every task still runs init's program (as on the real host)
    expect(lines.slice(1, 4).map((l) => l.replace(/^\d+ /, 'N '))).toEqual([
      'N pid       1   1 root init',
      'N pid       1   2 root init',
      'N pid       1   3 root init',
    ]);
    expect(out(7).split('\n').slice(1, 3).map((l) => l.replace(/^\d+ /, 'N '))).toEqual([
      'N uts       2   1 root init',
      'N uts       3   3 root init',
    ]);
  });
});

describe('cat, readlink, hostname, uname, ls, echo', () => {
  it('cat /proc/self/status: NSpid has one PID per level from the proc mount\'s namespace down', async () => {
    const { out } = await simRun(`${NESTED}d: cat /proc/self/status`);
    const status = out(5);
    expect(status).toMatch(/^Name:\td\n/);
    expect(status).toContain('\nNSpid:\t5\t3\t2\t1\n');
    expect(status).toContain('\nPPid:\t4\n');
  });

  it('readlink /proc/self/ns/pid: the initial pid namespace is pid:[4026531836]', async () => {
    const { out, results } = await simRun('init: readlink /proc/self/ns/pid\ninit: readlink /nonexistent');
    expect(out(1)).toBe('pid:[4026531836]\n');
    expect(results[1]).toMatchObject({ ret: -2, output: '' });
  });

  it('hostname and uname -n per UTS namespace; hostname NAME sets it', async () => {
    const { out, results } = await simRun(`${NESTED}c: hostname box
d: hostname
init: hostname
d: uname -n
d: uname
d: uname -s -n`);
    expect(results[4].ret).toBe(0);
    expect(out(6)).toBe('box\n');
    expect(out(7)).toBe('nslab\n');
    expect(out(8)).toBe('box\n');
    expect(out(9)).toBe('Linux\n');
    expect(out(10)).toBe('Linux box\n');
  });

  it('ls /proc: PIDs and the fixed entries in C-locale order; missing directories as ls reports them', async () => {
    const { out } = await simRun('init: fork() -> a\ninit: ls /proc\ninit: ls /nope');
    const names = out(2).trim().split('\n');
    expect(names.slice(0, 2)).toEqual(['1', '2']);
    expect(names).toContain('self');
    expect([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(names);
    expect(out(3)).toBe("ls: cannot access '/nope': No such file or directory\n");
  });

  it('echo TEXT > FILE writes what cat then reads; cat reports a missing file', async () => {
    const { out, results } = await simRun('init: echo hello   "big world" > /tmp/greeting\ninit: cat /tmp/greeting\ninit: cat /tmp/none');
    expect(results[0]).toMatchObject({ ret: 0, output: '' });
    expect(out(2)).toBe('hello big world\n');
    expect(out(3)).toBe('cat: /tmp/none: No such file or directory\n');
    expect(results[2].ret).toBe(-2);
  });
});

describe('without /proc', () => {
  it('ps says so as procps does; lsns prints nothing, as util-linux does', async () => {
    const { results } = await simRun(`init: clone(CLONE_NEWNS | SIGCHLD) -> c
c: umount2("/proc", MNT_DETACH) == 0
c: ps
c: lsns
c: exit(0)
c: ps`);
    expect(results[2]).toMatchObject({ ret: -2, output: 'Error, do this: mount -t proc proc /proc\n' });
    expect(results[3]).toMatchObject({ ret: 0, output: '' });
    // a task that has exited makes no more calls
    expect(results[5]).toMatchObject({ ret: -3, output: 'ps: /proc: No such process\n' });
  });
});
