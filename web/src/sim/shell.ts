// A terminal pane's command line, run as one task of the machine at the
// shown step. The userland commands are host-backend/userland's (the same
// code `nslab run` uses); `mount` and `findmnt` print /proc/self/mountinfo
// as util-linux does. A pane only looks: a line that would change the
// machine (hostname NAME, > FILE, mount ARGS) is refused, so the machine
// shown stays the scenario's.
import type { Backend, TaskRef } from '../../../host-backend/backend.ts';
import { errnoName } from '../../../host-backend/errno.ts';
import { checkScenario, isCall } from '../../../host-backend/scenario/index.ts';
import { runCommand } from '../../../host-backend/userland/command.ts';
import { strerror } from '../../../host-backend/userland/strerror.ts';
import type { PaneOutput } from '../protocol.ts';
import { findmnt, mountList } from '../views/mounts/mountinfo.ts';

const PREFIX = 'init: ';

export async function runPaneLine(b: Backend, task: TaskRef, line: string): Promise<PaneOutput> {
  const text = line.trim();
  const out = (output: string, ret: number): PaneOutput => ({ task, line: text, output, value: ret < 0 ? `-${errnoName(ret)}` : String(ret) });
  const refuse = (why: string): PaneOutput => ({ task, line: text, output: '', value: '', refused: why });
  if (text === '') return refuse('empty command');
  const words = text.split(/\s+/);
  if (words[0] === 'mount' || words[0] === 'findmnt') {
    if (words.length > 1) return refuse(`${words[0]} with arguments would change the machine or is not supported here; the pane prints the mount table only`);
    const r = await b.call(task, 'read_file', ['/proc/self/mountinfo']);
    if (r.ret < 0) return out(`${words[0]}: /proc/self/mountinfo: ${strerror(r.ret)}\n`, r.ret);
    const lines = (r.text ?? '').split('\n').filter(Boolean);
    return out(words[0] === 'mount' ? mountList(lines) : findmnt(lines), 0);
  }
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
  if (step.command[0] === 'hostname' && step.command.length > 1) return refuse('hostname NAME would change the machine: write it in the scenario');
  const r = await runCommand(b, task, step.command);
  return out(r.output, r.ret);
}
