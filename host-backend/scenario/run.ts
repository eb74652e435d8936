// Running a scenario on a Backend, one step at a time.
//
// - boot() starts a fresh machine: defaults, then the scenario's `machine`
//   line, then RunOptions.machine (nslab diff uses it to match the host).
// - step() performs the next step and returns what happened, or null at the
//   end. A failed expectation does not stop the run; a step that cannot be
//   performed at all (the backend threw) ends it.
// - Going back is re-running: seek(k) boots again and performs steps 0..k-1.
//   The same scenario on the same backend gives the same results every time.
// - `-> NAME` after fork()/clone() (or after a command that leaves a task
//   running: unshare --fork, nsenter into a PID namespace): the runner calls
//   set_comm(NAME) as the new task (prctl(PR_SET_NAME)), so `ps` shows the scenario's names on both
//   backends. The kernel copies comm at fork, so until a child is named it
//   shows its parent's name, and children of a named task inherit its name.
// - A task's name as an argument is its PID as the CALLING task sees it
//   (Backend.pidOf; 0 where it cannot see it). Once the task is reaped, the
//   PID the caller last saw is used, so `waitpid(c, 0)` twice gives -ECHILD.
import { DEFAULT_MACHINE, type Arg, type Backend, type MachineConfig, type TaskRef } from '../backend.ts';
import { CONSTANTS, ERRNO, errnoName } from '../errno.ts';
import { runCommand } from '../userland/command.ts';
import { buildSnapshot } from '../userland/snapshot.ts';
import type { Snapshot } from '../userland/snapshot-types.ts';
import { isCall, type Expect, type Scenario, type Step, type Value } from './ast.ts';
import { formatAction, formatExpect, formatStep } from './format.ts';

export interface StepResult {
  /** 0-based position of the step in the scenario */
  index: number;
  /** source line (text scenarios, or JSON steps that give one) */
  line?: number;
  actor: string;
  kind: 'call' | 'command';
  /** the call or command as written: `clone(CLONE_NEWPID | SIGCHLD)`, `cat /proc/self/status` */
  action: string;
  /** the whole step as text, expectation included */
  text: string;
  /** the call's value or -errno; a command's 0 or -errno of the call that failed */
  ret: number;
  /** errno name when ret < 0 */
  errno?: string;
  /** what a command printed, or the text a call returned (read_file, readlink, gethostname ...) */
  output?: string;
  /** fork/clone: the new task */
  child?: { ref: TaskRef; name?: string };
  /** waitpid: the wait status */
  status?: number;
  /** the expectation as written (`-EINVAL`, `1`, `"text"`, `output block`) */
  expected?: string;
  /** whether the expectation held; absent without one */
  pass?: boolean;
  /** how it failed: "expected -EINVAL, got 0" */
  failure?: string;
  /** the step could not be performed (its task was never created, the backend failed) */
  error?: string;
}

export interface RunOptions {
  /** settings that win over the scenario's machine line */
  machine?: Partial<MachineConfig>;
}

export class ScenarioRun {
  readonly results: StepResult[] = [];
  private names = new Map<string, TaskRef>();
  /** viewer:target → the PID the viewer last saw the target at */
  private seen = new Map<string, number>();
  private next = 0;
  private booted = false;
  private broken = false;

  constructor(readonly backend: Backend, readonly scenario: Scenario, readonly options: RunOptions = {}) {}

  /** The machine configuration boot() asks for. */
  machineConfig(): MachineConfig {
    return { ...DEFAULT_MACHINE, ...this.scenario.machine, ...this.options.machine };
  }

  async boot(): Promise<TaskRef> {
    const init = await this.backend.boot(this.machineConfig());
    this.names = new Map([['init', init]]);
    this.seen = new Map();
    this.results.length = 0;
    this.next = 0;
    this.booted = true;
    this.broken = false;
    return init;
  }

  /** Steps performed so far. */
  get position(): number {
    return this.next;
  }

  get done(): boolean {
    return this.broken || this.next >= this.scenario.steps.length;
  }

  /** Whether any step failed its expectation or could not be performed. */
  get failed(): boolean {
    return this.results.some((r) => r.pass === false || r.error !== undefined);
  }

  /** The scenario's task names and the tasks they name (init first). */
  tasks(): [string, TaskRef][] {
    return [...this.names];
  }

  async step(): Promise<StepResult | null> {
    if (!this.booted) await this.boot();
    if (this.done) return null;
    const index = this.next++;
    const step = this.scenario.steps[index];
    const r = await this.perform(step, index);
    this.results.push(r);
    return r;
  }

  /** Every remaining step. */
  async run(): Promise<StepResult[]> {
    while (await this.step());
    return this.results;
  }

  /** Back (or forward) to just after step k-1: boots again and performs steps 0..k-1. */
  async seek(k: number): Promise<StepResult[]> {
    await this.boot();
    while (this.next < Math.min(k, this.scenario.steps.length) && (await this.step()));
    return this.results;
  }

  /** The machine's state now, as init sees /proc. */
  async snapshot(): Promise<Snapshot> {
    if (!this.booted) await this.boot();
    return buildSnapshot(this.backend, this.names.get('init')!);
  }

  private async perform(step: Step, index: number): Promise<StepResult> {
    const base: StepResult = {
      index, actor: step.actor, kind: isCall(step) ? 'call' : 'command',
      action: formatAction(step), text: formatStep(step).split('\n')[0], ret: 0,
    };
    if (step.line !== undefined) base.line = step.line;
    if (step.expect) base.expected = describeExpect(step.expect);
    const actor = this.names.get(step.actor);
    if (actor === undefined) {
      return { ...base, ret: -ERRNO.ESRCH, errno: 'ESRCH', pass: step.expect ? false : undefined, error: `task "${step.actor}" does not exist: the step that should have created it failed` };
    }
    try {
      // names in the expectation are PIDs as the caller sees them BEFORE the
      // step (a task the step reaps is gone after it); a step's own new task
      // can only be resolved after it
      const e = step.expect?.ret;
      const early = e !== undefined && !(typeof e === 'object' && 'task' in e && e.task === step.name);
      const want = early ? ((await this.value(actor, e)) as number) : undefined;
      const r = isCall(step) ? await this.performCall(step, actor, base) : await this.performCommand(step, actor, base);
      if (r.ret < 0) r.errno = errnoName(r.ret);
      if (step.expect) {
        const failure = await this.check(step, actor, r, want);
        r.pass = failure === null;
        if (failure !== null) r.failure = failure;
      }
      return r;
    } catch (e) {
      if (e instanceof MissingTask) return { ...base, ret: -ERRNO.ESRCH, errno: 'ESRCH', pass: step.expect ? false : undefined, error: e.message };
      this.broken = true;
      return { ...base, error: `the backend failed: ${(e as Error).message}` };
    }
  }

  private async performCall(step: Extract<Step, { call: string }>, actor: TaskRef, base: StepResult): Promise<StepResult> {
    const args: Arg[] = [];
    for (const a of step.args) args.push(await this.value(actor, a));
    const res = await this.backend.call(actor, step.call, args);
    const r: StepResult = { ...base, ret: res.ret };
    if (res.text !== undefined) r.output = res.text;
    if (res.status !== undefined) r.status = res.status;
    if (res.child !== undefined && res.ret >= 0) await this.adopt(r, actor, res.child, res.ret, step.name);
    return r;
  }

  private async performCommand(step: Extract<Step, { command: string[] }>, actor: TaskRef, base: StepResult): Promise<StepResult> {
    const res = await runCommand(this.backend, actor, step.command, step.redirect);
    const r: StepResult = { ...base, ret: res.ret, output: res.output };
    if (res.child !== undefined) await this.adopt(r, actor, res.child.ref, res.child.pid, step.name);
    return r;
  }

  /** A step's new task: remembered at the PID its creator saw, named (set_comm) when the step names it. */
  private async adopt(r: StepResult, actor: TaskRef, child: TaskRef, pid: number, name: string | undefined): Promise<void> {
    r.child = { ref: child };
    this.seen.set(`${actor}:${child}`, pid);
    if (name !== undefined) {
      r.child.name = name;
      this.names.set(name, child);
      await this.backend.call(child, 'set_comm', [name]);
    }
  }

  /** A value as the calling task passes it: constants or-ed, task names as PIDs it sees. */
  private async value(actor: TaskRef, v: Value): Promise<Arg> {
    if (typeof v === 'number' || typeof v === 'string') return v;
    if ('task' in v) return this.pidAs(actor, v.task);
    let n = 0;
    for (const t of v.or) n = (n | (typeof t === 'number' ? t : CONSTANTS[t])) >>> 0;
    return n;
  }

  private async pidAs(viewer: TaskRef, name: string): Promise<number> {
    const target = this.names.get(name);
    if (target === undefined) throw new MissingTask(`task "${name}" does not exist: the step that should have created it failed`);
    const key = `${viewer}:${target}`;
    const p = await this.backend.pidOf(viewer, target);
    if (p >= 0) {
      this.seen.set(key, p);
      return p;
    }
    return this.seen.get(key) ?? 0;
  }

  /** null when the expectation holds, else what differed. */
  private async check(step: Step, actor: TaskRef, r: StepResult, early?: number): Promise<string | null> {
    const e = step.expect!;
    const got = r.ret < 0 ? `-${errnoName(r.ret)}` : String(r.ret);
    if (e.errno !== undefined && r.ret !== -(ERRNO as Record<string, number>)[e.errno]) {
      return `expected -${e.errno}, got ${got}`;
    }
    if (e.ret !== undefined) {
      const want = early ?? ((await this.value(actor, e.ret)) as number);
      // flags are unsigned words; values are signed
      if (r.ret !== want && r.ret >>> 0 !== want) return `expected ${formatExpect(e)}${typeof e.ret === 'object' ? ` (${want})` : ''}, got ${got}`;
    }
    const text = r.output ?? '';
    if (e.text !== undefined && chomp(text) !== chomp(e.text)) {
      return `expected ${JSON.stringify(chomp(e.text))}, got ${r.ret < 0 && r.output === undefined ? got : JSON.stringify(chomp(text))}`;
    }
    if (e.output !== undefined) {
      const want = outputLines(e.output);
      const have = outputLines(text);
      if (want.join('\n') !== have.join('\n')) {
        const n = Math.max(want.length, have.length);
        for (let i = 0; i < n; i++) {
          if (want[i] !== have[i]) {
            return `output differs at its line ${i + 1}: expected ${want[i] === undefined ? 'no more lines' : JSON.stringify(want[i])}, got ${have[i] === undefined ? 'no more lines' : JSON.stringify(have[i])}`;
          }
        }
      }
    }
    return null;
  }
}

class MissingTask extends Error {}

function chomp(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/** Output compared line by line, trailing blanks of each line and trailing empty lines ignored. */
function outputLines(s: string): string[] {
  const lines = s.split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function describeExpect(e: Expect): string {
  const parts: string[] = [];
  const v = formatExpect(e);
  if (v) parts.push(v);
  if (e.output !== undefined) parts.push('the output block');
  return parts.join(' and ');
}
