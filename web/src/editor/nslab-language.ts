// Syntax highlighting for the scenario language (host-backend/scenario/GRAMMAR.md),
// as a CodeMirror stream language: only colours. Whether a line is right
// is the scenario parser's to say (lint.ts), never this tokenizer's.
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

interface LineState {
  /** where on the line the tokenizer is: before the actor, after it, or in an output line */
  at: 'start' | 'step' | 'output';
}

export const nslabLanguage = StreamLanguage.define<LineState>({
  name: 'nslab',
  startState: () => ({ at: 'start' }),
  token(stream, state) {
    if (stream.sol()) state.at = 'start';
    if (stream.eatSpace()) return null;
    if (state.at === 'output') {
      stream.skipToEnd();
      return 'string.special';
    }
    if (stream.peek() === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (state.at === 'start') {
      if (stream.peek() === '|') {
        stream.next();
        state.at = 'output';
        return 'operator';
      }
      if (stream.match(/^machine\b/)) {
        state.at = 'step';
        return 'keyword';
      }
      if (stream.match(/^[A-Za-z_]\w*(?=\s*:)/)) {
        state.at = 'step';
        return 'labelName';
      }
      state.at = 'step';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'[^']*'?/)) return 'string';
    if (stream.match(/^(->|==|\||>)/)) return 'operator';
    if (stream.match(/^-?E[A-Z0-9]{2,}\b/)) return 'atom';
    if (stream.match(/^-?(0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|\d+)\b/)) return 'number';
    if (stream.match(/^[A-Z][A-Z0-9_]*\b/)) return 'constant';
    if (stream.match(/^[a-z_][\w]*(?=\()/)) return 'keyword';
    if (stream.match(/^[A-Za-z_]\w*=/)) return 'propertyName';
    if (stream.match(/^[A-Za-z_]\w*/)) return 'variableName';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
  tokenTable: { constant: tags.constant(tags.name) },
});

/** colours from the page's theme variables, so light and dark both read */
export const nslabHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.comment, color: 'var(--faint)', fontStyle: 'italic' },
    { tag: tags.labelName, color: 'var(--accent)', fontWeight: '700' },
    { tag: tags.keyword, color: 'color-mix(in srgb, #8e3bb0 80%, var(--ink))', fontWeight: '600' },
    { tag: tags.string, color: 'color-mix(in srgb, #1e7a3c 85%, var(--ink))' },
    { tag: tags.special(tags.string), color: 'var(--muted)' },
    { tag: tags.number, color: 'color-mix(in srgb, #b35a00 85%, var(--ink))' },
    { tag: tags.atom, color: 'var(--bad)', fontWeight: '600' },
    { tag: tags.constant(tags.name), color: 'color-mix(in srgb, #1f6fb0 85%, var(--ink))' },
    { tag: tags.operator, color: 'var(--muted)', fontWeight: '700' },
    { tag: tags.propertyName, color: 'var(--accent)' },
  ]),
);
