// A parsed scenario written back as text: formatScenario(parseScenario(t))
// parses to the same scenario (the round trip the JSON twin relies on).
import type { Expect, MachineSpec, Scenario, Step, Value } from './ast.ts';
import { isCall } from './ast.ts';

/** A C string literal for `s`. */
export function cLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

export function formatValue(v: Value): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return cLiteral(v);
  if ('task' in v) return v.task;
  return v.or.map(String).join(' | ');
}

/** A shell word that the command parser reads back as `w`. */
export function shellQuote(w: string): string {
  if (/^[A-Za-z0-9_\/.,:=+@%^~-]+$/.test(w) && w !== '==' ) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The `== ...` part, or "" */
export function formatExpect(e: Expect | undefined): string {
  if (!e) return '';
  if (e.errno !== undefined) return `-${e.errno}`;
  if (e.text !== undefined) return cLiteral(e.text);
  if (e.ret !== undefined) return formatValue(e.ret);
  return '';
}

/** The call or command as written, without actor and expectation: `clone(CLONE_NEWPID | SIGCHLD)`, `cat /proc/self/status`. */
export function formatAction(s: Step): string {
  if (isCall(s)) return `${s.call}(${s.args.map(formatValue).join(', ')})`;
  return s.command.map(shellQuote).join(' ') + (s.redirect !== undefined ? ` > ${shellQuote(s.redirect)}` : '');
}

export function formatStep(s: Step): string {
  let out = `${s.actor}: ${formatAction(s)}`;
  if (s.name !== undefined) out += ` -> ${s.name}`;
  const e = formatExpect(s.expect);
  if (e) out += ` == ${e}`;
  if (s.expect?.output !== undefined) {
    const body = s.expect.output.endsWith('\n') ? s.expect.output.slice(0, -1) : s.expect.output;
    out += '\n' + body.split('\n').map((l) => (l === '' ? '  |' : `  | ${l}`)).join('\n');
  }
  return out;
}

export function formatMachine(m: MachineSpec): string {
  const parts = ['machine'];
  if (m.cpus !== undefined) parts.push(`cpus=${m.cpus}`);
  if (m.memory !== undefined) {
    const units: [string, number][] = [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]];
    const u = units.find(([, n]) => m.memory! % n === 0);
    parts.push(`memory=${u ? `${m.memory / u[1]}${u[0]}` : m.memory}`);
  }
  if (m.cgroup !== undefined) parts.push(`cgroup=${m.cgroup}`);
  if (m.pidLevelsLeft !== undefined) parts.push(`pidlevels=${m.pidLevelsLeft}`);
  if (m.hostname !== undefined) parts.push(`hostname=${m.hostname}`);
  return parts.join(' ');
}

export function formatScenario(s: Scenario): string {
  const lines: string[] = [];
  if (s.machine) lines.push(formatMachine(s.machine));
  for (const step of s.steps) lines.push(formatStep(step));
  return lines.join('\n') + '\n';
}
