// The scenario text language: every construct, every error at its line:col,
// and the JSON twin's round trip.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ScenarioError, checkScenario, formatScenario, loadScenario, parseScenario, parseScenarioJson, scenarioToJson,
} from '../../host-backend/scenario/index.ts';

const errors = (text: string) => checkScenario(text).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);

describe('scenario text: constructs', () => {
  it('a call with no arguments, a new task name and a number expectation', () => {
    const s = parseScenario('init: fork() -> p == 2');
    expect(s.steps).toEqual([{ line: 1, actor: 'init', call: 'fork', args: [], name: 'p', expect: { ret: 2 } }]);
  });

  it('flags joined with |, numbers and strings with C escapes', () => {
    const s = parseScenario([
      'init: clone(CLONE_NEWPID | CLONE_NEWNS | SIGCHLD) -> c',
      'c: mount("proc", "/proc", "proc", MS_NOSUID | 0x4, "")',
      'c: write_file("/tmp/x", "a\\tb\\n\\x41\\101\\"\\\\")',
      'c: mkdir("/d", 0755)',
      'c: kill(-1, 0o17)',
    ].join('\n'));
    expect(s.steps[0]).toMatchObject({ args: [{ or: ['CLONE_NEWPID', 'CLONE_NEWNS', 'SIGCHLD'] }] });
    expect(s.steps[1]).toMatchObject({ args: ['proc', '/proc', 'proc', { or: ['MS_NOSUID', 4] }, ''] });
    expect(s.steps[2]).toMatchObject({ args: ['/tmp/x', 'a\tb\nAA"\\'] });
    expect(s.steps[3]).toMatchObject({ args: ['/d', 0o755] });
    expect(s.steps[4]).toMatchObject({ args: [-1, 15] });
  });

  it('a task name as an argument and as an expectation; a constant alone is a constant', () => {
    const s = parseScenario('init: fork() -> p\ninit: kill(p, SIGKILL)\np: getppid() == init');
    expect(s.steps[1]).toMatchObject({ args: [{ task: 'p' }, { or: ['SIGKILL'] }] });
    expect(s.steps[2]).toMatchObject({ expect: { ret: { task: 'init' } } });
  });

  it('negative errno names, negative numbers and strings as expectations', () => {
    const s = parseScenario('init: unshare(CLONE_THREAD) == -EINVAL\ninit: kill(1, 0) == -1\ninit: gethostname() == "nslab"');
    expect(s.steps.map((x) => x.expect)).toEqual([{ errno: 'EINVAL' }, { ret: -1 }, { text: 'nslab' }]);
  });

  it('comments: whole lines and after a step, also after a command', () => {
    const s = parseScenario('# title\n\n  # indented\ninit: getpid() == 1 # trailing\ninit: ps # all tasks');
    expect(s.steps).toHaveLength(2);
    expect(s.steps[1]).toEqual({ line: 5, actor: 'init', command: ['ps'] });
  });

  it('commands are split as the shell splits words, with > FILE and == "text"', () => {
    const s = parseScenario([
      'init: cat /proc/self/status',
      "init: echo 'hello world' \"a\\\"b\" c\\ d > /tmp/f",
      'init: hostname == "nslab"',
      'init: readlink /proc/self/ns/pid',
      'init: ps -o pid,comm',
    ].join('\n'));
    expect(s.steps[0]).toMatchObject({ command: ['cat', '/proc/self/status'] });
    expect(s.steps[1]).toMatchObject({ command: ['echo', 'hello world', 'a"b', 'c d'], redirect: '/tmp/f' });
    expect(s.steps[2]).toMatchObject({ command: ['hostname'], expect: { text: 'nslab' } });
    expect(s.steps[4]).toMatchObject({ command: ['ps', '-o', 'pid,comm'] });
  });

  it('an indented | block is the expected output of the step above it', () => {
    const s = parseScenario('init: ps\n  |     PID    PPID STAT COMMAND\n  |       1       0 S    init\n  |\ninit: getpid()');
    expect(s.steps[0].expect).toEqual({ output: '    PID    PPID STAT COMMAND\n      1       0 S    init\n\n' });
    expect(s.steps[1].expect).toBeUndefined();
  });

  it('the machine line', () => {
    const s = parseScenario('# lab\nmachine cpus=4 memory=512M cgroup=hybrid pidlevels=31 hostname=box\ninit: getpid()');
    expect(s.machine).toEqual({ cpus: 4, memory: 512 * 1024 ** 2, cgroup: 'hybrid', pidLevelsLeft: 31, hostname: 'box' });
  });

  it('the ARCHITECTURE.md example parses as written', () => {
    const text = readFileSync(new URL('../../scenarios/container-test.nslab', import.meta.url), 'utf8');
    const s = parseScenario(text, 'container-test.nslab');
    expect(s.steps).toHaveLength(9);
    expect(s.steps[5]).toMatchObject({ actor: 'c', call: 'clone', expect: { errno: 'EINVAL' } });
  });
});

describe('scenario text: errors carry line and column', () => {
  it.each([
    ['init: frok()', '1:7: unknown call "frok"'],
    ['init: getpid()\nc: getpid()', '2:1: unknown task "c"'],
    ['init: clone(CLONE_NEWPIDD)', '1:13: unknown constant or task "CLONE_NEWPIDD"'],
    ['init: clone(CLONE_NEWPID | CLONE_NEWFOO)', '1:13: unknown constant "CLONE_NEWFOO"'],
    ['init: kill(1)', '1:7: kill takes 2 arguments (pid, sig), got 1'],
    ['init: chdir(5)', '1:13: argument 1 of chdir (path) must be a string'],
    ['init: kill("1", 9)', '1:12: argument 1 of kill (pid) must be a number'],
    ['init: getpid() == -EWHAT', '1:19: unknown errno name "EWHAT"'],
    ['init: getpid() -> x', '1:19: "-> x" names a new task: only after fork() or clone()'],
    ['init: fork() -> a\ninit: fork() -> a', '2:17: task "a" is already named (line 1)'],
    ['init: fork() -> init', '1:17: "init" cannot name a task'],
    ['init: write_file("/x", "oops)', '1:24: unterminated string'],
    ['init: write_file("/x", "\\q")', '1:25: unknown escape "\\q"'],
    ['init: getpid() == 1 2', '1:21: unexpected number 2'],
    ['init: kill(1, 9', '1:16: expected "," or ")", found the end of the line'],
    ['init: mkdir("/d", 089)', '1:19: bad number "089"'],
    ['init getpid()', '1:1: expected "TASK: call(...)" or "TASK: command"'],
    ['init: pss', '1:7: unknown command "pss"'],
    ['init: ps -Z', '1:7: ps: unsupported option -Z'],
    ['init: ps | grep x', '1:10: pipes ("|") are not supported'],
    ['init: echo a >> /f', '1:14: ">>" (append) is not supported'],
    ['init: echo a >', '1:14: expected a file name after ">"'],
    ['init: cat', '1:7: cat: missing operand'],
    ['init: ps()', '1:7: unknown call "ps" ("ps" is a command: write it without parentheses'],
    ['  | text', '1:3: an output line ("| ...") must follow a step'],
    ['init: getpid()\nmachine cpus=2', '2:1: the machine line must come before the first step'],
    ['machine cpus=0 cgroup=v3 colour=red', '1:9: cpus must be a number from 1 to 1024'],
    ['machine cpus=0 cgroup=v3 colour=red', '1:16: cgroup must be v1, v2 or hybrid, got "v3"'],
    ['machine cpus=0 cgroup=v3 colour=red', '1:26: unknown machine setting "colour"'],
    ["init: getpid() == 'x'", '1:19: strings are written in double quotes'],
    ['init: getpid() = 1', '1:16: expectations are written "== VALUE"'],
  ])('%j → %s', (text, want) => {
    expect(errors(text).some((e) => e.startsWith(want)), errors(text).join('\n')).toBe(true);
  });

  it('parseScenario throws one ScenarioError naming file:line:col for every problem', () => {
    let err: unknown;
    try {
      parseScenario('init: frok()\n\ninit: kill(zz, 9)', 'lab.nslab');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).message).toBe(
      'lab.nslab:1:7: unknown call "frok"\n' +
      'lab.nslab:3:12: unknown task "zz" (tasks are named with "-> zz" after fork() or clone(); init exists from the start)',
    );
  });

  it('a step after a broken one is still checked, and a name from a broken line is not defined', () => {
    expect(errors('init: fork( -> a\na: getpid()')).toEqual([
      '1:13: expected a value, found "->"',
      '2:1: unknown task "a" (tasks are named with "-> a" after fork() or clone(); init exists from the start)',
    ]);
  });

  it('hostile input never throws anything but a ScenarioError', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'init:fork()clone|CLONE_NEWPID->==-EINVAL"\\x#\n 0x1f,ps>| \t{}[]';
    for (let n = 0; n < 2000; n++) {
      let t = '';
      const len = Math.floor(rnd() * 60);
      for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      try {
        loadScenario(t, 'fuzz');
      } catch (e) {
        expect(e, `input ${JSON.stringify(t)}`).toBeInstanceOf(ScenarioError);
      }
    }
  });
});

describe('the JSON twin', () => {
  const text = readFileSync(new URL('../../scenarios/container-test.nslab', import.meta.url), 'utf8');
  const rich = [
    'machine cpus=2 memory=1G cgroup=v1',
    'init: fork() -> p',
    'p: write_file("/tmp/a b", "x\\n\\t\\"y\\"")',
    'p: kill(init, SIGTERM | 0) == -EPERM',
    "p: echo 'a b' > /tmp/f",
    'p: ps -o pid,comm',
    '  |     PID COMMAND',
    '  |       1 init',
    'p: getppid() == init',
    'p: hostname == "nslab"',
  ].join('\n');

  it.each([['container-test', text], ['every construct', rich]])('%s: parse → JSON → parse gives the same scenario', (_, t) => {
    const s = parseScenario(t);
    const json = scenarioToJson(s);
    expect(parseScenarioJson(json)).toEqual(s);
    expect(loadScenario(json, 'x.json')).toEqual(s);
  });

  it('text → format → text parses to the same scenario (apart from line numbers)', () => {
    const s = parseScenario(rich);
    const strip = (x: typeof s) => ({ ...x, steps: x.steps.map(({ line: _l, ...rest }) => rest) });
    expect(strip(parseScenario(formatScenario(s)))).toEqual(strip(s));
  });

  it('JSON syntax errors carry line and column', () => {
    expect(() => parseScenarioJson('{\n  "steps": [\n    {"actor": "init",, }\n  ]\n}', 's.json'))
      .toThrow('s.json:3:22: expected a "key" in double quotes');
    expect(() => parseScenarioJson('{"steps": []', 's.json')).toThrow('s.json:1:13: expected "," or "}"');
  });

  it('JSON schema errors point at the offending value', () => {
    const json = '{\n  "steps": [\n    { "actor": "init", "call": "fork", "args": [] },\n    { "actor": "init", "call": "frobnicate", "args": [] }\n  ]\n}';
    expect(() => parseScenarioJson(json, 's.json')).toThrow(/^s\.json:4:5: steps\[1\]/);
  });

  it('the shared checks run on JSON too, at the value\'s position', () => {
    const json = '{"steps": [\n {"actor": "init", "call": "kill", "args": [{"task": "ghost"}, 9]}\n]}';
    expect(() => parseScenarioJson(json, 's.json')).toThrow('s.json:2:45: unknown task "ghost"');
  });

  it('hostile JSON never throws anything but a ScenarioError', () => {
    for (const t of ['', '[', '{"steps": 5}', '{"steps": [], "extra": 1}', '[[[[[[[[[['.repeat(20), '{"__proto__": {"steps": []}}', '"\\u12"', '{"steps":[{"actor":"init","command":[]}]}']) {
      expect(() => parseScenarioJson(t, 'h.json')).toThrow(ScenarioError);
    }
  });
});
