// `-> NAME` after the commands that leave a task running (unshare --fork,
// nsenter into a PID namespace): how it is written, its JSON twin, the
// errors, and that every other command line keeps its old meaning.
import { describe, expect, it } from 'vitest';
import {
  checkScenario, formatScenario, parseScenario, parseScenarioJson, scenarioToJson,
} from '../../host-backend/scenario/index.ts';

const errors = (text: string) => checkScenario(text).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);

describe('-> NAME after a command', () => {
  it('names the task unshare --fork leaves running; later steps use the name', () => {
    const s = parseScenario('init: fork() -> sh\nsh: unshare --pid --fork --mount-proc -> u   # the shell\nu: ps');
    expect(s.steps[1]).toEqual({ line: 2, actor: 'sh', command: ['unshare', '--pid', '--fork', '--mount-proc'], name: 'u' });
    expect(s.steps[2]).toMatchObject({ actor: 'u', command: ['ps'] });
  });

  it('nsenter into a PID namespace, with an expectation and a redirect after the name', () => {
    const s = parseScenario('init: nsenter -t 1 -p -m -> n == 0\ninit: nsenter -t 1 --pid > /tmp/out -> m');
    expect(s.steps[0]).toMatchObject({ command: ['nsenter', '-t', '1', '-p', '-m'], name: 'n', expect: { ret: 0 } });
    expect(s.steps[1]).toMatchObject({ command: ['nsenter', '-t', '1', '--pid'], redirect: '/tmp/out', name: 'm' });
  });

  it('round-trips through the text form and the JSON twin', () => {
    const text = 'init: fork() -> sh\nsh: unshare -p -f -> u\ninit: nsenter -t 3 -a -> n\nu: echo a \'->\' b\n';
    const s = parseScenario(text);
    expect(parseScenario(formatScenario(s))).toEqual(s);
    expect(parseScenarioJson(scenarioToJson(s))).toEqual(s);
    expect(s.steps[3]).toMatchObject({ command: ['echo', 'a', '->', 'b'] });
  });

  it('elsewhere "->" keeps its shell meaning: "-" then "> FILE"', () => {
    const s = parseScenario('init: echo a -> b');
    expect(s.steps[0]).toEqual({ line: 1, actor: 'init', command: ['echo', 'a', '-'], redirect: 'b' });
  });

  it('is refused where the command leaves no task, and required where it does', () => {
    expect(errors('init: unshare --pid -> u')).toEqual([
      '1:24: "-> u" names the task a command leaves running: only unshare --fork or nsenter into a PID namespace, without a program to run',
    ]);
    expect(errors('init: nsenter -t 1 --uts -> n')).toHaveLength(1);
    expect(errors('init: nsenter -t 1 --pid -F -> n')).toHaveLength(1);
    expect(errors('init: unshare -p -f ps -> u')).toHaveLength(1);
    expect(errors('init: unshare --fork')).toEqual([
      '1:7: unshare --fork leaves a new task running: name it with "-> NAME" (or give a program to run in it)',
    ]);
    expect(errors('init: nsenter -t 1 -p')).toHaveLength(1);
  });

  it('the name follows the rules of every task name', () => {
    expect(errors('init: unshare -f -> init')).toEqual(['1:21: "init" cannot name a task (it is reserved or a constant)']);
    expect(errors('init: fork() -> u\ninit: unshare -f -> u')).toEqual(['2:21: task "u" is already named (line 1); give each task its own name']);
    expect(errors('init: unshare -f ->')).toEqual(['1:20: expected a name for the new task after "->"']);
    expect(errors('init: unshare -f -> u -p')).toEqual(['1:23: the command\'s words come before "-> NAME"']);
    expect(errors('u: ps\ninit: unshare -f -> u')[0]).toMatch(/^1:1: unknown task "u"/);
  });

  it('a program run by chroot/unshare/nsenter is checked too, and may not leave a task behind', () => {
    expect(errors('init: chroot / ls -z')).toEqual(['1:7: ls: unsupported option -z (supported: -a -1 -d -l -n -L)']);
    expect(errors('init: chroot / unshare -p -f')[0]).toMatch(/unshare: as a program run by another command it would leave a task running/);
    expect(errors('init: unshare -p -f --mount-proc chroot / ps')).toEqual([]);
    expect(errors('init: unshare --propagation bogus')).toEqual(['1:7: unshare: unsupported propagation mode: bogus']);
    expect(errors('init: nsenter --uts')).toEqual(['1:7: nsenter: neither filename nor target pid supplied for ns/uts']);
  });
});
