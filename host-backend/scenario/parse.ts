// The scenario text language (documented in host-backend/scenario/GRAMMAR.md).
//
//   scenario   := line*
//   line       := blank | comment | machine | step | outputline
//   machine    := "machine" (KEY "=" VALUE)*          -- before the first step only
//   step       := ACTOR ":" (call | command) comment?
//   call       := NAME "(" [value ("," value)*] ")" ["->" NAME] ["==" expect]
//   command    := WORD+ [">" WORD] ["->" NAME] ["==" expect]  -- shell words; "->" only after unshare/nsenter
//   value      := NUMBER | STRING | term ("|" term)*   -- term := CONSTANT | NUMBER | TASK
//   expect     := value | "-" ERRNO
//   outputline := "|" TEXT                             -- expected output of the step above
//
// Errors are collected, each with its line and column; nothing here throws
// on bad input except parseScenario(), which throws one ScenarioError
// holding them all.
import { CONSTANTS } from '../errno.ts';
import type { SyscallName } from '../backend.ts';
import type { Diagnostic, Expect, Loc, MachineSpec, Scenario, Step, StepLocs, Value } from './ast.ts';
import { ScenarioError } from './ast.ts';
import { validate } from './validate.ts';
import { COMMANDS } from '../userland/command.ts';

export interface Parsed {
  scenario: Scenario;
  locs: StepLocs[];
  diagnostics: Diagnostic[];
}

/** Parses a scenario text; throws a ScenarioError listing every problem with its line:col. */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  const p = parseScenarioText(text);
  if (p.diagnostics.length) throw new ScenarioError(file, p.diagnostics);
  return p.scenario;
}

/** Parses and validates a scenario text without throwing (for editors: every diagnostic, in order). */
export function parseScenarioText(text: string): Parsed {
  const scenario: Scenario = { steps: [] };
  const locs: StepLocs[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  let lastStep: Step | null = null;
  let block: string[] | null = null;
  const flushBlock = () => {
    if (lastStep && block) lastStep.expect = { ...lastStep.expect, output: block.map((l) => l + '\n').join('') };
    block = null;
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (trimmed.startsWith('|')) {
      if (!lastStep) {
        diagnostics.push({ line, col: indent + 1, message: 'an output line ("| ...") must follow a step' });
        return;
      }
      const body = trimmed.slice(1);
      (block ??= []).push((body.startsWith(' ') ? body.slice(1) : body).replace(/\s+$/, ''));
      return;
    }
    flushBlock();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (/^machine(\s|$)/.test(trimmed) && !/^machine\s*:/.test(trimmed)) {
      if (scenario.steps.length > 0 || scenario.machine) {
        diagnostics.push({ line, col: indent + 1, message: 'the machine line must come before the first step, once' });
        return;
      }
      const m = parseMachine(raw, line, indent + 'machine'.length, diagnostics);
      if (m) scenario.machine = m;
      return;
    }
    const before = diagnostics.length;
    const r = parseStep(raw, line, diagnostics);
    if (r && diagnostics.length === before) {
      scenario.steps.push(r.step);
      locs.push(r.locs);
      lastStep = r.step;
    } else {
      lastStep = null;
    }
  });
  flushBlock();
  diagnostics.push(...validate(scenario, locs));
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  return { scenario, locs, diagnostics };
}

// ---- the machine line ----

const MEMORY_UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

function parseMachine(raw: string, line: number, from: number, out: Diagnostic[]): MachineSpec | null {
  const m: MachineSpec = {};
  const re = /(\S+)/g;
  re.lastIndex = from;
  let match: RegExpExecArray | null;
  while ((match = re.exec(raw))) {
    const col = match.index + 1;
    const word = match[1];
    if (word.startsWith('#')) break;
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const val = eq < 0 ? '' : word.slice(eq + 1);
    const bad = (msg: string) => { out.push({ line, col, message: msg }); };
    if (eq < 0) { bad(`expected KEY=VALUE, got "${word}"`); continue; }
    switch (key) {
      case 'cpus': {
        const n = Number(val);
        if (!/^\d+$/.test(val) || n < 1 || n > 1024) bad(`cpus must be a number from 1 to 1024, got "${val}"`);
        else m.cpus = n;
        break;
      }
      case 'memory': {
        const mm = /^(\d+)([KMGT]?)i?B?$/i.exec(val);
        if (!mm) { bad(`memory must be a size such as 4G or 512M, got "${val}"`); break; }
        const bytes = Number(mm[1]) * MEMORY_UNIT[mm[2].toUpperCase()];
        if (bytes < 1024 ** 2) bad('memory must be at least 1M');
        else m.memory = bytes;
        break;
      }
      case 'cgroup':
        if (val !== 'v1' && val !== 'v2' && val !== 'hybrid') bad(`cgroup must be v1, v2 or hybrid, got "${val}"`);
        else m.cgroup = val;
        break;
      case 'pidlevels': {
        const n = Number(val);
        if (!/^\d+$/.test(val) || n > 32) bad(`pidlevels must be a number from 0 to 32, got "${val}"`);
        else m.pidLevelsLeft = n;
        break;
      }
      case 'hostname':
        if (val.length > 64) bad('hostname must be at most 64 characters');
        else m.hostname = val;
        break;
      default:
        bad(`unknown machine setting "${key}" (cpus, memory, cgroup, pidlevels, hostname)`);
    }
  }
  return m;
}

// ---- tokens of a call ----

type Tok =
  | { k: 'num'; v: number; col: number }
  | { k: 'str'; v: string; col: number }
  | { k: 'id'; v: string; col: number }
  | { k: 'p'; v: '(' | ')' | ',' | '|' | '->' | '==' | '-'; col: number }
  | { k: 'end'; col: number };

class SyntaxErr {
  constructor(readonly col: number, readonly message: string) {}
}

/** Tokenises `src` from index `from` to the end or a `#` comment. Columns are 1-based. */
function tokenize(src: string, from: number): Tok[] {
  const toks: Tok[] = [];
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') break;
    const col = i + 1;
    if (c === '"') {
      const [v, next] = cString(src, i);
      toks.push({ k: 'str', v, col });
      i = next;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)(?![A-Za-z0-9_])/.exec(src.slice(i));
      if (!m) throw new SyntaxErr(col, `bad number "${/^\S+/.exec(src.slice(i))![0]}"`);
      const t = m[1];
      // C rules: a leading 0 means octal (mkdir("/x", 0755))
      const v = /^0[0-7]+$/.test(t) ? parseInt(t, 8)
        : /^0[0-9]+$/.test(t) ? NaN
        : /^0[oO]/.test(t) ? parseInt(t.slice(2), 8)
        : /^0[bB]/.test(t) ? parseInt(t.slice(2), 2)
        : Number(t);
      if (!Number.isSafeInteger(v)) throw new SyntaxErr(col, `bad number "${t}"`);
      toks.push({ k: 'num', v, col });
      i += t.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ k: 'id', v: m[0], col });
      i += m[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '->' || two === '==') { toks.push({ k: 'p', v: two, col }); i += 2; continue; }
    if ('(),|-'.includes(c)) { toks.push({ k: 'p', v: c as '(' | ')' | ',' | '|' | '-', col }); i++; continue; }
    if (c === "'") throw new SyntaxErr(col, 'strings are written in double quotes');
    if (c === '=') throw new SyntaxErr(col, 'expectations are written "== VALUE"');
    throw new SyntaxErr(col, `unexpected "${c}"`);
  }
  toks.push({ k: 'end', col: i + 1 });
  return toks;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", '?': '?',
};

/** A C string literal starting at src[i] === '"'; returns its value and the index after it. */
function cString(src: string, i: number): [string, number] {
  const start = i;
  let out = '';
  i++;
  while (i < src.length && src[i] !== '"') {
    if (src[i] !== '\\') { out += src[i++]; continue; }
    const e = src[i + 1];
    if (e === undefined) break;
    if (e in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[e]; i += 2; continue; }
    const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1));
    if (oct) { out += String.fromCharCode(parseInt(oct[0], 8)); i += 1 + oct[0].length; continue; }
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.slice(i + 1));
    if (hex) { out += String.fromCharCode(parseInt(hex[1], 16)); i += 1 + hex[0].length; continue; }
    throw new SyntaxErr(i + 1, `unknown escape "\\${e}" (C escapes: \\n \\t \\\\ \\" \\xHH \\NNN ...)`);
  }
  if (src[i] !== '"') throw new SyntaxErr(start + 1, 'unterminated string (missing closing ")');
  return [out, i + 1];
}

class Cursor {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(): Tok { return this.toks[this.i]; }
  next(): Tok { return this.toks[this.i++]; }
  is(v: string): boolean { const t = this.peek(); return t.k === 'p' && t.v === v; }
  expect(v: string, what: string): Tok {
    const t = this.peek();
    if (t.k === 'p' && t.v === v) return this.next();
    throw new SyntaxErr(t.col, `expected ${what}, found ${describe(t)}`);
  }
}

function describe(t: Tok): string {
  switch (t.k) {
    case 'end': return 'the end of the line';
    case 'num': return `number ${t.v}`;
    case 'str': return `string ${JSON.stringify(t.v)}`;
    case 'id': return `"${t.v}"`;
    case 'p': return `"${t.v}"`;
  }
}

/** value := NUMBER | STRING | term ("|" term)*; a lone name that is no constant is a task. */
function parseValue(c: Cursor): Value {
  const t = c.peek();
  if (t.k === 'str') { c.next(); return t.v; }
  if (c.is('-')) {
    c.next();
    const n = c.next();
    if (n.k !== 'num') throw new SyntaxErr(n.col, `expected a number after "-", found ${describe(n)}`);
    return -n.v;
  }
  const terms: (string | number)[] = [];
  for (;;) {
    const x = c.next();
    if (x.k === 'num') terms.push(x.v);
    else if (x.k === 'id') terms.push(x.v);
    else throw new SyntaxErr(x.col, `expected a value, found ${describe(x)}`);
    if (!c.is('|')) break;
    c.next();
  }
  if (terms.length === 1 && typeof terms[0] === 'number') return terms[0];
  if (terms.length === 1 && typeof terms[0] === 'string' && !(terms[0] in CONSTANTS)) return { task: terms[0] };
  return { or: terms };
}

/** expect := "-" ERRNO | "-" NUMBER | value */
function parseExpect(c: Cursor): Expect {
  const t = c.peek();
  if (c.is('-') && c.toks[c.i + 1].k === 'id') {
    c.next();
    const name = c.next() as Extract<Tok, { k: 'id' }>;
    return { errno: name.v };
  }
  if (t.k === 'str') { c.next(); return { text: t.v }; }
  const v = parseValue(c);
  if (typeof v === 'string') return { text: v };
  return { ret: v };
}

// ---- steps ----

function parseStep(raw: string, line: number, out: Diagnostic[]): { step: Step; locs: StepLocs } | null {
  const m = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(raw);
  const indent = raw.length - raw.trimStart().length;
  if (!m) {
    out.push({ line, col: indent + 1, message: 'expected "TASK: call(...)" or "TASK: command" (or a # comment)' });
    return null;
  }
  const actor = m[2];
  const locs: StepLocs = { step: { line, col: indent + 1 }, actor: { line, col: m[1].length + 1 } };
  const rest = m[0].length;
  const at = (col: number): Loc => ({ line, col });
  try {
    const callHead = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(raw.slice(rest));
    if (callHead) {
      const c = new Cursor(tokenize(raw, rest));
      const nameTok = c.next() as Extract<Tok, { k: 'id' }>;
      locs.call = at(nameTok.col);
      c.expect('(', '"("');
      const args: Value[] = [];
      locs.args = [];
      if (!c.is(')')) {
        for (;;) {
          locs.args.push(at(c.peek().col));
          args.push(parseValue(c));
          if (c.is(')')) break;
          c.expect(',', '"," or ")"');
        }
      }
      c.expect(')', '")"');
      const step: Step = { line, actor, call: nameTok.v as SyscallName, args };
      if (c.is('->')) {
        c.next();
        const n = c.next();
        if (n.k !== 'id') throw new SyntaxErr(n.col, `expected a name for the new task after "->", found ${describe(n)}`);
        step.name = n.v;
        locs.name = at(n.col);
      }
      if (c.is('==')) {
        c.next();
        locs.expect = at(c.peek().col);
        step.expect = parseExpect(c);
      }
      const end = c.peek();
      if (end.k !== 'end') throw new SyntaxErr(end.col, `unexpected ${describe(end)} (a step ends after "== EXPECTED"; comments start with #)`);
      return { step, locs };
    }
    return parseCommand(raw, line, rest, actor, locs);
  } catch (e) {
    if (e instanceof SyntaxErr) {
      out.push({ line, col: e.col, message: e.message });
      return null;
    }
    throw e;
  }
}

/**
 * A command line, split as the shell splits words: '...' is literal, "..."
 * keeps \" \\ \$ \` escapes, a bare \ escapes the next character; `# ...` is
 * a comment where a word starts; `> FILE` redirects; a lone `==` starts the
 * expectation. Pipes, lists and input redirection are refused.
 * `-> NAME` (an unquoted "->" word) names the task a command leaves running,
 * only for the commands that can leave one (unshare, nsenter: those with
 * `leavesTask`); elsewhere it keeps its shell meaning ("-" then "> NAME").
 */
function parseCommand(raw: string, line: number, from: number, actor: string, locs: StepLocs): { step: Step; locs: StepLocs } {
  const words: string[] = [];
  let redirect: string | undefined;
  let expect: Expect | undefined;
  let name: string | undefined;
  let i = from;
  let wantRedirect = -1;
  while (i < raw.length) {
    const c = raw[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') break;
    const col = i + 1;
    if (/^->(\s|$)/.test(raw.slice(i)) && wantRedirect < 0 && words.length > 0 && COMMANDS[words[0]]?.leavesTask) {
      const m = /^->[ \t]*([A-Za-z_][A-Za-z0-9_]*)?/.exec(raw.slice(i))!;
      if (m[1] === undefined) throw new SyntaxErr(col + m[0].length, 'expected a name for the new task after "->"');
      if (name !== undefined) throw new SyntaxErr(col, 'only one "-> NAME" per step');
      name = m[1];
      locs.name = { line, col: col + m[0].length - m[1].length };
      i += m[0].length;
      continue;
    }
    if (name !== undefined && wantRedirect < 0 && !raw.startsWith('==', i) && c !== '>') {
      throw new SyntaxErr(col, 'the command\'s words come before "-> NAME"');
    }
    if (raw.startsWith('==', i) && /^==(\s|$)/.test(raw.slice(i))) {
      const cur = new Cursor(tokenize(raw, i + 2));
      locs.expect = { line, col: cur.peek().col };
      expect = parseExpect(cur);
      const end = cur.peek();
      if (end.k !== 'end') throw new SyntaxErr(end.col, `unexpected ${describe(end)} after the expectation`);
      i = raw.length;
      break;
    }
    if (raw.startsWith('>>', i)) throw new SyntaxErr(col, '">>" (append) is not supported; use ">"');
    if (c === '>') {
      if (redirect !== undefined || wantRedirect >= 0) throw new SyntaxErr(col, 'only one "> FILE" per command');
      wantRedirect = col;
      i++;
      continue;
    }
    if ('|;&<`'.includes(c)) {
      const what = c === '|' ? 'pipes' : c === '<' ? 'input redirection' : c === '`' ? 'command substitution' : 'command lists';
      throw new SyntaxErr(col, `${what} ("${c}") are not supported: one command per step`);
    }
    const [word, next] = shellWord(raw, i);
    i = next;
    if (wantRedirect >= 0) {
      redirect = word;
      wantRedirect = -1;
    } else {
      if (words.length === 0) locs.call = { line, col };
      words.push(word);
    }
  }
  if (wantRedirect >= 0) throw new SyntaxErr(wantRedirect, 'expected a file name after ">"');
  if (words.length === 0) throw new SyntaxErr(from + 1, 'expected a call "name(...)" or a command after ":"');
  const step: Step = { line, actor, command: words };
  if (redirect !== undefined) step.redirect = redirect;
  if (name !== undefined) step.name = name;
  if (expect) step.expect = expect;
  return { step, locs };
}

function shellWord(raw: string, i: number): [string, number] {
  let out = '';
  while (i < raw.length && !/[\s|;&<>`]/.test(raw[i])) {
    const c = raw[i];
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxErr(i + 1, "unterminated ' quote");
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const start = i;
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && '"\\$`'.includes(raw[i + 1] ?? '')) { out += raw[i + 1]; i += 2; } else out += raw[i++];
      }
      if (raw[i] !== '"') throw new SyntaxErr(start + 1, 'unterminated " quote');
      i++;
    } else if (c === '\\') {
      if (i + 1 < raw.length) out += raw[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return [out, i];
}

