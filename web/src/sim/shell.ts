// A terminal pane's command line, run as one task of the machine at the
// shown step, by host-backend/userland's commands (the same code `nslab run`
// uses). A pane only looks: only commands that read are run — a line that
// would change the machine (hostname NAME, > FILE, ip link add, unshare,
// nsenter, chroot ...) is refused, so the machine shown stays the scenario's.
import type { Backend, TaskRef } from '../../../host-backend/backend.ts';
import { errnoName } from '../../../host-backend/errno.ts';
import { checkScenario, isCall } from '../../../host-backend/scenario/index.ts';
import { runCommand } from '../../../host-backend/userland/command.ts';
import type { PaneOutput } from '../protocol.ts';

const PREFIX = 'init: ';

/** Commands that only read, whatever their words; others are refused or checked below. */
const READERS = new Set(['ps', 'lsns', 'cat', 'readlink', 'uname', 'ls', 'echo', 'ipcs', 'nproc', 'taskset', 'stat', 'findmnt', 'id']);

/** why this command line would change the machine, or null when it only reads */
function changes(argv: readonly string[]): string | null {
  const [cmd, ...rest] = argv;
  if (READERS.has(cmd)) {
    // taskset with a mask or list sets an affinity; -p PID alone only shows it
    if (cmd === 'taskset' && rest.filter((a) => !a.startsWith('-')).length > 1) return 'taskset MASK PID would change the machine';
    return null;
  }
  if (cmd === 'hostname') return rest.length ? 'hostname NAME would change the machine' : null;
  // mount lists the table with no arguments, -l and -t TYPES only; anything else mounts
  if (cmd === 'mount') {
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '-l') continue;
      if (rest[i] === '-t' && i + 1 < rest.length) i++;
      else if (!/^-t./.test(rest[i])) return 'mount with a source or target would change the machine';
    }
    return null;
  }
  if (cmd === 'ip') return rest.some((a) => ['add', 'set', 'del', 'delete', 'change', 'replace'].includes(a)) ? `ip ${rest.join(' ')} would change the machine` : null;
  return `${cmd} would change the machine (or leave a task running)`;
}

export async function runPaneLine(b: Backend, task: TaskRef, line: string): Promise<PaneOutput> {
  const text = line.trim();
  const out = (output: string, ret: number): PaneOutput => ({ task, line: text, output, value: ret < 0 ? `-${errnoName(ret)}` : String(ret) });
  const refuse = (why: string): PaneOutput => ({ task, line: text, output: '', value: '', refused: why });
  if (text === '') return refuse('empty command');
  // the scenario language's command syntax (quotes, comments, > FILE), as a step of init
  const parsed = checkScenario(PREFIX + text + '\n');
  if (parsed.diagnostics.length) {
    const d = parsed.diagnostics[0];
    return refuse(`column ${Math.max(1, d.col - PREFIX.length)}: ${d.message}`);
  }
  const step = parsed.scenario.steps[0];
  if (!step) return refuse('nothing to run');
  if (isCall(step)) return refuse('a pane runs commands (ps, cat, ls, hostname …), not system calls: write calls in the scenario');
  if (step.redirect !== undefined) return refuse('> FILE would change the machine: write it in the scenario');
  const change = changes(step.command);
  if (change) return refuse(`${change}: write it in the scenario`);
  const r = await runCommand(b, task, step.command);
  return out(r.output, r.ret);
}
