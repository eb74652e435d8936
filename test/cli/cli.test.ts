// `nslab` as a user runs it: node bin/nslab.js, its output and exit codes
// (0 ok, 1 a failed expectation, 2 usage or scenario error, 3 no backend).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, scenarioToJson } from '../../host-backend/scenario/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const nslab = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, ['bin/nslab.js', ...args], { cwd: root, encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'nslab-cli-'));
const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('nslab run', () => {
  it('runs the ARCHITECTURE.md example as written: the child believes it is PID 1 with parent 0', () => {
    const r = nslab(['run', 'scenarios/container-test.nslab']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('scenarios/container-test.nslab:5  c: getpid() == 1  → 1  ok\n');
    expect(r.out).toContain('scenarios/container-test.nslab:6  c: getppid() == 0  → 0  ok\n');
    expect(r.out).toContain('scenarios/container-test.nslab:7  c: clone(CLONE_NEWPID | CLONE_THREAD) == -EINVAL  → -EINVAL  ok\n');
    // before c mounts its own proc: every task, named as the scenario names them
    expect(r.out).toContain(
      'scenarios/container-test.nslab:8  c: ps\n' +
      '  |     PID    PPID STAT COMMAND\n' +
      '  |       1       0 Ss   init\n' +
      '  |       2       1 S    parent\n' +
      '  |       3       2 S    child\n' +
      '  |       4       2 R    c\n');
    // after: only its namespace, where it is 1 and its parent is invisible
    expect(r.out).toContain(
      'scenarios/container-test.nslab:10  c: ps\n' +
      '  |     PID    PPID STAT COMMAND\n' +
      '  |       1       0 R    c\n');
    expect(r.out).toMatch(/\n9 of 9 steps run, 4 expectations: 4 held, 0 failed\n$/);
  });

  it('a failed expectation: the run goes on, exits 1 and names the line', () => {
    const f = write('fails.nslab', 'init: fork() -> a\na: getpid() == 7\na: getppid() == 1\n');
    const r = nslab(['run', f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${f}:2  a: getpid() == 7  → 2  FAIL: expected 7, got 2\n`);
    expect(r.out).toContain(`${f}:3  a: getppid() == 1  → 1  ok\n`);
    expect(r.out).toContain(`FAILED ${f}:2: a: getpid() == 7: expected 7, got 2\n`);
  });

  it('an expected output block that differs names the line and the first differing output line', () => {
    const f = write('block.nslab', 'init: hostname\n  | nslab\ninit: ps\n  |     PID    PPID STAT COMMAND\n  |       1       0 S    init\n');
    const r = nslab(['run', f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${f}:1  init: hostname  ok\n`);
    expect(r.out).toContain(`FAILED ${f}:3: init: ps: output differs at its line 2: expected "      1       0 S    init", got "      1       0 Rs   init"`);
  });

  it('scenario errors: exit 2, every problem as file:line:col on stderr, nothing run', () => {
    const f = write('bad.nslab', 'init: frok()\ninit: kill(zz, SIGKILL)\n');
    const r = nslab(['run', f]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${f}:1:7: unknown call "frok"\n${f}:2:12: unknown task "zz" (tasks are named with "-> zz" after fork() or clone(); init exists from the start)\n`);
  });

  it('--json: the steps and the final snapshot', () => {
    const r = nslab(['run', 'scenarios/container-test.nslab', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ backend: 'sim', passed: true, machine: { cpus: 8, cgroup: 'v2' } });
    expect(j.steps).toHaveLength(9);
    expect(j.steps[3]).toMatchObject({ line: 5, actor: 'c', ret: 1, pass: true });
    const c = j.snapshot.tasks.find((t: { comm: string }) => t.comm === 'c');
    expect(c.nspid).toEqual([4, 1]);
  });

  it('the JSON twin runs the same, and so does a scenario on stdin', () => {
    const text = readFileSync(join(root, 'scenarios/container-test.nslab'), 'utf8');
    const f = write('container-test.json', scenarioToJson(parseScenario(text)));
    const fromText = nslab(['run', 'scenarios/container-test.nslab']).out.replaceAll('scenarios/container-test.nslab', 'F');
    expect(nslab(['run', f]).out.replaceAll(f, 'F')).toBe(fromText);
    expect(nslab(['run', '-'], text).out.replaceAll('<stdin>', 'F')).toBe(fromText);
  });
});

describe('usage errors exit 2 with a clear message', () => {
  it.each([
    [[], /^usage: nslab COMMAND/],
    [['frobnicate'], /^nslab: unknown command "frobnicate"/],
    [['run'], /^nslab run: which scenario\? usage: nslab run FILE/],
    [['run', 'missing.nslab'], /^nslab run: cannot read missing.nslab: no such file/],
    [['run', 'scenarios/container-test.nslab', '--backend', 'qemu'], /^nslab run: --backend must be sim or host, not "qemu"/],
    [['run', 'scenarios/container-test.nslab', '--verbose'], /^nslab run: unknown option --verbose/],
    [['run', 'scenarios/container-test.nslab', '--agent', 'ws://x'], /^nslab run: --agent goes with --backend host/],
    [['export', 'scenarios/container-test.nslab', '--format', 'gif'], /^nslab export: --format must be one of svg, png, pdf, html/],
  ])('nslab %j', (args, message) => {
    const r = nslab(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('nslab help prints the usage with the exit codes, exit 0', () => {
    const r = nslab(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('exit codes: 0 ok; 1 an expectation failed');
  });
});

describe('nslab diff', () => {
  it('several scenarios in one run: a line each, exit 0 when all agree; --json gives an array of their results', (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('nslab diff needs root (the real-host agent)');
    const files = ['scenarios/container-test.nslab', write('two.nslab', 'init: fork() -> a\na: getpid() == 2\n')];
    const r = nslab(['diff', ...files]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'scenarios/container-test.nslab: the simulator and the real kernel agree (9 steps and the final snapshot, normalised)\n' +
      `${files[1]}: the simulator and the real kernel agree (2 steps and the final snapshot, normalised)\n`);
    const j = nslab(['diff', '--json', ...files]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toEqual(files.map((file) => ({ file, same: true, differences: [] })));
    // a file that cannot be read is reported before any machine boots
    const bad = nslab(['diff', files[0]!, join(tmp, 'missing.nslab')]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('missing.nslab: no such file');
  });
});
