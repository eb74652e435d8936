// Completion for the scenario editor: task names at the start of a line,
// call and command names after "TASK:", constants (clone, signal, mount
// flags ...) and task names in arguments, errno names after "== -". Every
// list comes from the shared definitions (backend.ts SYSCALLS, errno.ts,
// userland's COMMANDS, asked of the worker), so the editor offers exactly what the parser accepts.
import type { CompletionContext, CompletionResult, Completion } from '@codemirror/autocomplete';
import { SYSCALLS } from '../../../host-backend/backend.ts';
import { CONSTANTS, ERRNO } from '../../../host-backend/errno.ts';

const CALLS: Completion[] = Object.entries(SYSCALLS).map(([name, params]) => ({
  label: name,
  type: 'function',
  detail: `(${(params as readonly string[]).join(', ')})`,
  apply: (params as readonly string[]).length ? `${name}(` : `${name}()`,
}));
const FLAGS: Completion[] = Object.keys(CONSTANTS).map((name) => ({ label: name, type: 'constant' }));
const ERRNOS: Completion[] = Object.keys(ERRNO).map((name) => ({ label: `-${name}`, type: 'constant' }));

/** init, and every name a step gives with "-> NAME" */
export function taskNames(doc: string): string[] {
  const names = new Set(['init']);
  for (const m of doc.matchAll(/->\s*([A-Za-z_]\w*)/g)) names.add(m[1]);
  return [...names];
}

/** the completion source, given the userland commands (name and usage) */
export function nslabCompletions(commands: () => readonly { name: string; usage: string }[]) {
  return (context: CompletionContext): CompletionResult | null => complete(context, commands().map((c) => ({ label: c.name, type: 'keyword', detail: c.usage })));
}

function complete(context: CompletionContext, COMMAND_WORDS: Completion[]): CompletionResult | null {
  const word = context.matchBefore(/-?[\w]*/);
  if (!word) return null;
  if (word.from === word.to && !context.explicit) return null;
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, word.from - line.from);
  const tasks = taskNames(context.state.doc.toString());
  if (/^\s*$/.test(before)) {
    return {
      from: word.from,
      options: [...tasks.map((n) => ({ label: n, type: 'variable', apply: `${n}: ` })), { label: 'machine', type: 'keyword', apply: 'machine ' }],
      validFor: /^\w*$/,
    };
  }
  if (/^\s*[A-Za-z_]\w*\s*:\s*$/.test(before)) return { from: word.from, options: [...CALLS, ...COMMAND_WORDS], validFor: /^\w*$/ };
  if (/==\s*$/.test(before) || word.text.startsWith('-')) return { from: word.from, options: ERRNOS, validFor: /^-?\w*$/ };
  if (/\(|\||,/.test(before)) {
    return { from: word.from, options: [...FLAGS, ...tasks.map((n) => ({ label: n, type: 'variable' }))], validFor: /^\w*$/ };
  }
  return null;
}
