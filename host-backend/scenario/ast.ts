// The scenario, parsed: the same shape whether it was written as text
// (parse.ts) or as its JSON twin (json.ts). The zod schema below IS the JSON
// twin's definition; `JSON.stringify(parseScenario(text))` is a valid JSON
// scenario and parses back to an equal value.
import { z } from 'zod';
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

export const ValueSchema: z.ZodType<Value> = z.union([
  z.number().int(),
  z.string(),
  z.strictObject({ or: z.array(z.union([z.string().min(1), z.number().int()])).min(1) }),
  z.strictObject({ task: z.string().min(1) }),
]);

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

export const ExpectSchema: z.ZodType<Expect> = z.strictObject({
  ret: z.union([
    z.number().int(),
    z.strictObject({ or: z.array(z.union([z.string().min(1), z.number().int()])).min(1) }),
    z.strictObject({ task: z.string().min(1) }),
  ]).optional(),
  errno: z.string().regex(/^E[A-Z0-9]+$/, 'an errno name such as "EINVAL"').optional(),
  text: z.string().optional(),
  output: z.string().optional(),
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

export const CallStepSchema = z.strictObject({
  line: z.number().int().positive().optional(),
  actor: z.string().regex(NAME, 'a task name'),
  call: z.enum(syscallNames),
  args: z.array(ValueSchema),
  name: z.string().regex(NAME, 'a task name').optional(),
  expect: ExpectSchema.optional(),
});

export const CommandStepSchema = z.strictObject({
  line: z.number().int().positive().optional(),
  actor: z.string().regex(NAME, 'a task name'),
  command: z.array(z.string()).min(1),
  redirect: z.string().min(1).optional(),
  name: z.string().regex(NAME, 'a task name').optional(),
  expect: ExpectSchema.optional(),
});

export const MachineSchema = z.strictObject({
  cpus: z.number().int().min(1).max(1024).optional(),
  memory: z.number().int().min(1024 * 1024).optional(),
  cgroup: z.enum(['v1', 'v2', 'hybrid']).optional(),
  pidLevelsLeft: z.number().int().min(0).max(32).optional(),
  hostname: z.string().max(64).optional(),
});

export const ScenarioSchema = z.strictObject({
  machine: MachineSchema.optional(),
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
