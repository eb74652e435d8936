// The runner over a stand-in backend: names, PIDs as the caller sees them,
// expectations, stepping and going back.
import { describe, expect, it } from 'vitest';
import { ScenarioRun, parseScenario } from '../../host-backend/scenario/index.ts';
import { FakeBackend } from './fake-backend.ts';

const run = async (text: string, b = new FakeBackend()) => {
  const r = new ScenarioRun(b, parseScenario(text));
  await r.run();
  return { r, b, res: r.results };
};

describe('ScenarioRun', () => {
  it('-> NAME: the new task names itself with set_comm, and the name stands for its PID', async () => {
    const { b, res, r } = await run('init: fork() -> parent\nparent: clone(CLONE_NEWPID | SIGCHLD) -> c\nc: getpid() == 1\ninit: kill(c, SIGKILL) == 0');
    expect(b.log).toContain('2 set_comm("parent")');
    expect(b.log).toContain('3 set_comm("c")');
    // init sees c at its global PID 3
    expect(b.log).toContain('1 kill(3, 9)');
    expect(res.map((x) => x.pass)).toEqual([undefined, undefined, true, true]);
    expect(r.tasks()).toEqual([['init', 1], ['parent', 2], ['c', 3]]);
    expect(res[1]).toMatchObject({ line: 2, actor: 'parent', kind: 'call', action: 'clone(CLONE_NEWPID | SIGCHLD)', ret: 3, child: { ref: 3, name: 'c' } });
  });

  it('a name as an argument is the PID the CALLING task sees: 0 where it cannot see it', async () => {
    const { b } = await run('init: clone(CLONE_NEWPID | SIGCHLD) -> c\nc: kill(init, 0)');
    expect(b.log).toContain('2 kill(0, 0)');
  });

  it('an expectation by task name compares with the PID as the caller sees it', async () => {
    const { res } = await run('init: fork() -> p\np: fork() -> k\nk: getppid() == p\nk: getppid() == init');
    expect(res[2].pass).toBe(true);
    expect(res[3]).toMatchObject({ pass: false, failure: 'expected init (1), got 2' });
  });

  it('a failed expectation is reported with its line and the run goes on', async () => {
    const { r, res } = await run('init: getpid() == 2\ninit: clone(CLONE_NEWPID | CLONE_THREAD) == 0\ninit: getpid() == 1');
    expect(res).toHaveLength(3);
    expect(res[0]).toMatchObject({ line: 1, pass: false, failure: 'expected 2, got 1', expected: '2' });
    expect(res[1]).toMatchObject({ line: 2, ret: -22, errno: 'EINVAL', pass: false, failure: 'expected 0, got -EINVAL' });
    expect(res[2].pass).toBe(true);
    expect(r.failed).toBe(true);
  });

  it('-ERRNO and "text" expectations', async () => {
    const { res } = await run('init: waitpid(-1, 0) == -ECHILD\ninit: gethostname() == "nslab"\ninit: gethostname() == "other"\ninit: kill(99, 0) == -EPERM');
    expect(res.map((x) => x.pass)).toEqual([true, true, false, false]);
    expect(res[2].failure).toBe('expected "other", got "nslab"');
    expect(res[3].failure).toBe('expected -EPERM, got -ESRCH');
  });

  it('a reaped task keeps the PID its parent last saw, so a second waitpid gives -ECHILD', async () => {
    const { res, b } = await run('init: fork() -> c\ninit: kill(c, SIGKILL)\ninit: waitpid(c, 0) == c\ninit: waitpid(c, 0) == -ECHILD');
    expect(res.map((x) => x.pass)).toEqual([undefined, undefined, true, true]);
    expect(res[2].status).toBe(9);
    expect(b.log.filter((l) => l.includes('waitpid'))).toEqual(['1 waitpid(2, 0)', '1 waitpid(2, 0)']);
  });

  it('a task whose creating step failed: its steps report an error, the run goes on', async () => {
    const { res, r } = await run('init: clone(CLONE_NEWPID | CLONE_THREAD) -> t\nt: getpid() == 1\ninit: getpid() == 1');
    expect(res[1]).toMatchObject({ pass: false, error: 'task "t" does not exist: the step that should have created it failed' });
    expect(res[2].pass).toBe(true);
    expect(r.failed).toBe(true);
  });

  it('a backend that fails ends the run at that step', async () => {
    const b = new FakeBackend();
    b.failOn = 'getppid';
    const { res, r } = await run('init: getpid()\ninit: getppid()\ninit: getpid()', b);
    expect(res).toHaveLength(2);
    expect(res[1].error).toBe('the backend failed: agent connection lost');
    expect(r.done).toBe(true);
  });

  it('commands: output, == "text" and an output block (trailing blanks ignored)', async () => {
    const { res } = await run('init: cat /proc/self/comm == "init"\ninit: cat /nope\n  | cat: /nope: No such file or directory   \ninit: echo hi\n  | ho');
    expect(res[0]).toMatchObject({ kind: 'command', output: 'init\n', pass: true });
    expect(res[1]).toMatchObject({ ret: -2, errno: 'ENOENT', pass: true, expected: 'the output block' });
    expect(res[2]).toMatchObject({ pass: false, failure: 'output differs at its line 1: expected "ho", got "hi"' });
  });

  it('step by step, and back = boot again and re-run: the same results every time', async () => {
    const text = 'init: fork() -> a\na: fork() -> b\nb: getppid() == a\nb: getpid()';
    const b = new FakeBackend();
    const r = new ScenarioRun(b, parseScenario(text));
    await r.boot();
    const first = await r.step();
    expect(first).toMatchObject({ index: 0, ret: 2 });
    expect(r.position).toBe(1);
    const all = await r.run();
    expect(await r.step()).toBeNull();
    const full = structuredClone(all);
    await r.seek(2);
    expect(r.position).toBe(2);
    expect(r.results).toEqual(full.slice(0, 2));
    await r.run();
    expect(r.results).toEqual(full);
    expect(b.boots).toBe(2);
  });

  it('machine: defaults, then the scenario\'s machine line, then the run\'s options', async () => {
    const b = new FakeBackend();
    const r = new ScenarioRun(b, parseScenario('machine cpus=2 hostname=lab\ninit: getpid()'), { machine: { cpus: 4 } });
    await r.boot();
    expect(b.config).toMatchObject({ cpus: 4, hostname: 'lab', cgroup: 'v2' });
  });
});

describe('ScenarioRun: when names are resolved', () => {
  it('a name in an expectation is resolved before the step, so a reaping waitpid can expect the task it reaps', async () => {
    const { res } = await run('init: clone(CLONE_NEWPID | SIGCHLD) -> box\nbox: fork() -> k\ninit: kill(k, SIGKILL)\nbox: waitpid(-1, WNOHANG) == k');
    expect(res[3]).toMatchObject({ ret: 2, pass: true });
  });
});
