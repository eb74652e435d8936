// Errors as you type: the scenario parser's own diagnostics (line:col,
// 1-based, asked of the worker, where the parser runs), placed on the
// editor's text. Nothing here judges a line itself.
import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';

export interface LocatedError {
  line: number;
  col: number;
  message: string;
}

/** each error from its column to the end of the word there (at least one character, within its line) */
export function toDiagnostics(doc: Text, errors: readonly LocatedError[]): Diagnostic[] {
  return errors.map((e) => {
    const line = doc.line(Math.min(Math.max(1, e.line), doc.lines));
    const from = Math.min(line.from + Math.max(0, e.col - 1), line.to);
    const rest = line.text.slice(from - line.from);
    const word = /^[\w"'-]+/.exec(rest)?.[0].length ?? 1;
    const to = Math.min(line.to, from + Math.max(1, word));
    return { from, to: Math.max(to, from), severity: 'error', message: e.message };
  });
}
