// The checks a scenario must pass before it runs, the same for the text and
// the JSON form: known calls with the right number and kind of arguments,
// known constants and errno names, every task named before it is used, each
// name given once, known commands with valid options.
import { SYSCALLS, STRING_PARAMS } from '../backend.ts';
import { CONSTANTS, ERRNO } from '../errno.ts';
import { COMMANDS, checkCommand } from '../userland/command.ts';
import { isCall, type Diagnostic, type Loc, type Scenario, type StepLocs, type Value } from './ast.ts';

/** C parameters that are strings (paths and texts); all others are integers. */
export { STRING_PARAMS } from '../backend.ts';

/** Calls that create a task and so may name it with `-> NAME`. */
export const CREATES_TASK: ReadonlySet<string> = new Set(['fork', 'clone']);

const RESERVED = new Set(['init', 'machine']);

export function validate(scenario: Scenario, locs: readonly StepLocs[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // init exists from boot; the others from the step that names them
  const named = new Map<string, number>([['init', 0]]);
  scenario.steps.forEach((step, i) => {
    const l = locs[i] ?? { step: { line: step.line ?? 1, col: 1 } };
    const err = (loc: Loc | undefined, message: string) => out.push({ ...(loc ?? l.step), message });
    const checkTask = (name: string, loc: Loc | undefined) => {
      if (named.has(name)) return;
      if (/^[A-Z][A-Z0-9_]*$/.test(name)) err(loc, `unknown constant or task "${name}"`);
      else err(loc, `unknown task "${name}" (tasks are named with "-> ${name}" after fork() or clone(); init exists from the start)`);
    };
    const checkValue = (v: Value, loc: Loc | undefined) => {
      if (typeof v === 'object' && 'task' in v) checkTask(v.task, loc);
      else if (typeof v === 'object') {
        for (const t of v.or) {
          if (typeof t === 'string' && !(t in CONSTANTS)) err(loc, `unknown constant "${t}"`);
        }
      }
    };
    const nameTask = (name: string, loc: Loc | undefined, line: number) => {
      if (RESERVED.has(name) || name in CONSTANTS || name in ERRNO) err(loc, `"${name}" cannot name a task (it is reserved or a constant)`);
      else if (named.has(name)) err(loc, `task "${name}" is already named (line ${named.get(name)}); give each task its own name`);
      else named.set(name, line);
    };
    if (!named.has(step.actor)) checkTask(step.actor, l.actor);
    if (isCall(step)) {
      const params: readonly string[] | undefined = (SYSCALLS as Record<string, readonly string[]>)[step.call];
      if (!params || !Object.hasOwn(SYSCALLS, step.call)) {
        const hint = step.call in COMMANDS ? ` ("${step.call}" is a command: write it without parentheses, as in a shell)` : '';
        err(l.call, `unknown call "${step.call}"${hint}`);
      } else {
        if (step.args.length !== params.length) {
          err(l.call, `${step.call} takes ${params.length} argument${params.length === 1 ? '' : 's'}${params.length ? ` (${params.join(', ')})` : ''}, got ${step.args.length}`);
        }
        step.args.forEach((a, j) => {
          const loc = l.args?.[j] ?? l.call;
          const p = params[j];
          if (p === undefined) return;
          if (STRING_PARAMS.has(p) && typeof a !== 'string') err(loc, `argument ${j + 1} of ${step.call} (${p}) must be a string in double quotes`);
          else if (!STRING_PARAMS.has(p) && typeof a === 'string') err(loc, `argument ${j + 1} of ${step.call} (${p}) must be a number, constants or a task name`);
          else checkValue(a, loc);
        });
      }
      if (step.name !== undefined) {
        if (!CREATES_TASK.has(step.call)) err(l.name, `"-> ${step.name}" names a new task: only after fork() or clone()`);
        else nameTask(step.name, l.name, step.line ?? l.step.line);
      }
    } else {
      const problem = checkCommand(step.command);
      if (problem) err(l.call, problem);
      const leaves = !problem && COMMANDS[step.command[0]]?.leavesTask?.(step.command) === true;
      if (step.name !== undefined) {
        if (!problem && !leaves) err(l.name, `"-> ${step.name}" names the task a command leaves running: only unshare --fork or nsenter into a PID namespace, without a program to run`);
        else nameTask(step.name, l.name, step.line ?? l.step.line);
      } else if (leaves) {
        err(l.call, `${step.command[0]} ${step.command[0] === 'unshare' ? '--fork' : 'into a PID namespace'} leaves a new task running: name it with "-> NAME" (or give a program to run in it)`);
      }
    }
    const e = step.expect;
    if (e) {
      const n = [e.ret, e.errno, e.text].filter((x) => x !== undefined).length;
      if (n > 1) err(l.expect, 'one "== EXPECTED" per step: a value, -ERRNO or "text"');
      if (e.errno !== undefined && !(e.errno in ERRNO)) err(l.expect, `unknown errno name "${e.errno}"`);
      if (e.ret !== undefined) checkValue(e.ret, l.expect);
    }
  });
  return out;
}
