// How `nslab run` prints a step: its line, the step as written, its value,
// the verdict on its expectation, then what it printed as an indented
// "| " block — the very form a scenario uses for an expected output, so a
// block can be pasted back under the step.
import { signalName, WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG } from '../errno.ts';
import type { StepResult } from '../scenario/index.ts';

export function formatStatus(s: number): string {
  if (WIFEXITED(s)) return `exited ${WEXITSTATUS(s)}`;
  if (WIFSIGNALED(s)) return `killed by ${signalName(WTERMSIG(s))}${s & 0x80 ? ' (core dumped)' : ''}`;
  return `status 0x${s.toString(16)}`;
}

export function formatValue(r: StepResult): string {
  if (r.kind === 'command') return r.ret < 0 ? `-${r.errno}` : '';
  let v = r.ret < 0 ? `-${r.errno}` : String(r.ret);
  if (r.status !== undefined) v += ` (${formatStatus(r.status)})`;
  return v;
}

export function formatResult(r: StepResult, file: string): string {
  const where = `${file}:${r.line ?? `step ${r.index + 1}`}`;
  const value = formatValue(r);
  let head = `${where}  ${r.text}`;
  if (value) head += `  → ${value}`;
  if (r.error !== undefined) head += `  ERROR: ${r.error}`;
  else if (r.pass === true) head += '  ok';
  else if (r.pass === false) head += `  FAIL: ${r.failure}`;
  let out = head + '\n';
  const shown = r.output ?? '';
  // a call's text (read_file, readlink, gethostname) is shown when it is not empty
  if (shown !== '') {
    const body = shown.endsWith('\n') ? shown.slice(0, -1) : shown;
    out += body.split('\n').map((l) => (l === '' ? '  |' : `  | ${l}`)).join('\n') + '\n';
  }
  return out;
}

export function summary(results: readonly StepResult[], total: number, file: string): string {
  const checked = results.filter((r) => r.pass !== undefined);
  const failed = results.filter((r) => r.pass === false || r.error !== undefined);
  let out = `\n${results.length} of ${total} steps run, ${checked.length} expectations: ${checked.length - failed.filter((r) => r.pass === false).length} held, ${failed.filter((r) => r.pass === false).length} failed\n`;
  for (const r of failed) {
    out += `FAILED ${file}:${r.line ?? `step ${r.index + 1}`}: ${r.text}: ${r.error ?? r.failure}\n`;
  }
  return out;
}
