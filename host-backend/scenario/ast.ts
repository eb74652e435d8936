// The scenario, parsed: the same shape whether it was written as text
// (parse.ts) or as its JSON twin (json.ts). The zod schema below IS the JSON
// twin's definition; `JSON.stringify(parseScenario(text))` is a valid JSON
// scenario and parses back to an equal value.
// zod/mini: the same schemas as functions (a fraction of full zod's size in the
// app's worker), with zod's English messages
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
import { SYSCALLS, type SyscallName } from '../backend.ts';

/**
 * A call argument or an expected value:
 * - a number literal;
 * - a string literal;
 * - `{ or: [...] }` constants by Linux name and numbers joined with `|`
 *   (a single constant is a one-element `or`);
 * - `{ task: NAME }` the PID of the named task as the calling task sees it
 *   (0 where it cannot see it).
 */
export type Value =
  | number
  | string
  | { or: (string | number)[] }
  | { task: string };

const NonEmpty = () => z.string().check(z.minLength(1));
const Or = () => z.strictObject({ or: z.array(z.union([NonEmpty(), z.int()])).check(z.minLength(1)) });
const TaskRef = () => z.strictObject({ task: NonEmpty() });

export const ValueSchema: z.ZodMiniType<Value> = z.union([z.int(), z.string(), Or(), TaskRef()]);

/**
 * What a step is expected to give. At most one of ret / errno / text comes
 * from `== ...`; `output` from an indented `|` block under the step.
 */
export interface Expect {
  /** the call's value: a number, constants or a task's PID as the caller sees it */
  ret?: Exclude<Value, string>;
  /** the call fails with -errno (Linux name, e.g. "EINVAL") */
  errno?: string;
  /** the call's text or the command's output, compared without its final newline */
  text?: string;
  /** the full text (call) or output (command), line by line, trailing blanks ignored */
  output?: string;
}

export const ExpectSchema: z.ZodMiniType<Expect> = z.strictObject({
  ret: z.optional(z.union([z.int(), Or(), TaskRef()])),
  errno: z.optional(z.string().check(z.regex(/^E[A-Z0-9]+$/, 'an errno name such as "EINVAL"'))),
  text: z.optional(z.string()),
  output: z.optional(z.string()),
});

export interface CallStep {
  /** the source line (text scenarios; optional in JSON) */
  line?: number;
  actor: string;
  call: SyscallName;
  args: Value[];
  /** `-> NAME`: fork/clone name the new task */
  name?: string;
  expect?: Expect;
}

export interface CommandStep {
  line?: number;
  actor: string;
  /** the command's words as the shell would split them: ["cat", "/proc/self/status"] */
  command: string[];
  /** `> FILE`: the output is written to FILE (open O_WRONLY|O_CREAT|O_TRUNC, 0644) */
  redirect?: string;
  /** `-> NAME`: the task the command leaves running (unshare --fork, nsenter into a PID namespace) */
  name?: string;
  expect?: Expect;
}

export type Step = CallStep | CommandStep;

export const isCall = (s: Step): s is CallStep => 'call' in s;

export interface MachineSpec {
  cpus?: number;
  /** bytes */
  memory?: number;
  cgroup?: 'v1' | 'v2' | 'hybrid';
  pidLevelsLeft?: number;
  hostname?: string;
}

export interface Scenario {
  machine?: MachineSpec;
  steps: Step[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const syscallNames = Object.keys(SYSCALLS) as [SyscallName, ...SyscallName[]];

const TaskName = () => z.string().check(z.regex(NAME, 'a task name'));
const Line = () => z.optional(z.int().check(z.positive()));

export const CallStepSchema = z.strictObject({
  line: Line(),
  actor: TaskName(),
  call: z.enum(syscallNames),
  args: z.array(ValueSchema),
  name: z.optional(TaskName()),
  expect: z.optional(ExpectSchema),
});

export const CommandStepSchema = z.strictObject({
  line: Line(),
  actor: TaskName(),
  command: z.array(z.string()).check(z.minLength(1)),
  redirect: z.optional(NonEmpty()),
  name: z.optional(TaskName()),
  expect: z.optional(ExpectSchema),
});

export const MachineSchema = z.strictObject({
  cpus: z.optional(z.int().check(z.minimum(1), z.maximum(1024))),
  memory: z.optional(z.int().check(z.minimum(1024 * 1024))),
  cgroup: z.optional(z.enum(['v1', 'v2', 'hybrid'])),
  pidLevelsLeft: z.optional(z.int().check(z.minimum(0), z.maximum(32))),
  hostname: z.optional(z.string().check(z.maxLength(64))),
});

export const ScenarioSchema = z.strictObject({
  machine: z.optional(MachineSchema),
  steps: z.array(z.union([CallStepSchema, CommandStepSchema])),
});

/** A position in the source, 1-based. */
export interface Loc {
  line: number;
  col: number;
}

/** Where the parts of one step were written, for error messages. */
export interface StepLocs {
  step: Loc;
  actor?: Loc;
  call?: Loc;
  args?: Loc[];
  name?: Loc;
  expect?: Loc;
}

export interface Diagnostic extends Loc {
  message: string;
}

/** A scenario that could not be read: every problem found, each at its line and column. */
export class ScenarioError extends Error {
  constructor(readonly file: string, readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}
