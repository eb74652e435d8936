// The scenario's JSON twin: the Scenario value of ast.ts as JSON (its zod
// schema is ScenarioSchema). Read with a small JSON reader that remembers
// where every value starts, so that syntax errors, schema errors and the
// shared checks all point at a line and column of the JSON file.
import type { Diagnostic, Loc, Scenario, StepLocs } from './ast.ts';
import { ScenarioError, ScenarioSchema } from './ast.ts';
import { validate } from './validate.ts';

export function scenarioToJson(s: Scenario): string {
  return JSON.stringify(s, null, 2) + '\n';
}

export interface ParsedJson {
  scenario: Scenario;
  locs: StepLocs[];
  diagnostics: Diagnostic[];
}

export function parseScenarioJson(text: string, file = '<scenario.json>'): Scenario {
  const p = parseScenarioJsonText(text);
  if (p.diagnostics.length) throw new ScenarioError(file, p.diagnostics);
  return p.scenario;
}

export function parseScenarioJsonText(text: string): ParsedJson {
  const empty: Scenario = { steps: [] };
  const reader = new JsonReader(text);
  let value: unknown;
  try {
    value = reader.document();
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { scenario: empty, locs: [], diagnostics: [{ ...reader.loc(e.at), message: e.message }] };
    throw e;
  }
  const where = (path: readonly PropertyKey[]): Loc => {
    for (let n = path.length; n >= 0; n--) {
      const at = reader.starts.get(key(path.slice(0, n)));
      if (at !== undefined) return reader.loc(at);
    }
    return { line: 1, col: 1 };
  };
  const r = ScenarioSchema.safeParse(value);
  if (!r.success) {
    const diagnostics = r.error.issues.map((i) => ({
      ...where(i.path), message: `${i.path.length ? `${pathText(i.path)}: ` : ''}${i.message}`,
    }));
    diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
    return { scenario: empty, locs: [], diagnostics };
  }
  const scenario = r.data as Scenario;
  const locs: StepLocs[] = scenario.steps.map((s, i) => {
    const has = (p: PropertyKey[]) => reader.starts.has(key(p));
    const loc = (p: PropertyKey[]) => (has(p) ? where(p) : undefined);
    const base = ['steps', i];
    return {
      step: where(base),
      actor: loc([...base, 'actor']),
      call: loc([...base, 'call']) ?? loc([...base, 'command']),
      args: 'args' in s ? s.args.map((_, j) => where([...base, 'args', j])) : undefined,
      name: loc([...base, 'name']),
      expect: loc([...base, 'expect']),
    };
  });
  const diagnostics = validate(scenario, locs).sort((a, b) => a.line - b.line || a.col - b.col);
  return { scenario, locs, diagnostics };
}

const key = (path: readonly PropertyKey[]) => path.map(String).join('\u0000');

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

class JsonSyntaxError {
  constructor(readonly at: number, readonly message: string) {}
}

/** Strict JSON (RFC 8259), recording the offset where each value starts, by path. */
class JsonReader {
  i = 0;
  readonly starts = new Map<string, number>();
  private readonly lineStarts: number[] = [0];

  constructor(readonly src: string) {
    for (let j = 0; j < src.length; j++) if (src[j] === '\n') this.lineStarts.push(j + 1);
  }

  loc(at: number): Loc {
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= at) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: at - this.lineStarts[lo] + 1 };
  }

  document(): unknown {
    const v = this.value([]);
    this.ws();
    if (this.i < this.src.length) throw new JsonSyntaxError(this.i, 'unexpected text after the JSON value');
    return v;
  }

  private ws(): void {
    while (this.i < this.src.length && ' \t\r\n'.includes(this.src[this.i])) this.i++;
  }

  private value(path: PropertyKey[]): unknown {
    this.ws();
    const at = this.i;
    this.starts.set(key(path), at);
    const c = this.src[this.i];
    if (path.length > 64) throw new JsonSyntaxError(at, 'nested too deeply');
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(this.src.slice(this.i, this.i + 400));
    if (lit) {
      this.i += lit[0].length;
      return lit[0] === 'true' ? true : lit[0] === 'false' ? false : lit[0] === 'null' ? null : Number(lit[0]);
    }
    throw new JsonSyntaxError(at, c === undefined ? 'unexpected end of JSON' : `unexpected "${c}" (expected a JSON value)`);
  }

  private object(path: PropertyKey[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.src[this.i] === '}') { this.i++; return out; }
    for (;;) {
      this.ws();
      if (this.src[this.i] !== '"') throw new JsonSyntaxError(this.i, 'expected a "key" in double quotes');
      const keyAt = this.i;
      const k = this.string();
      if (Object.hasOwn(out, k)) throw new JsonSyntaxError(keyAt, `duplicate key "${k}"`);
      this.ws();
      if (this.src[this.i] !== ':') throw new JsonSyntaxError(this.i, 'expected ":"');
      this.i++;
      // JSON.parse semantics for "__proto__": an own property, never the prototype
      Object.defineProperty(out, k, { value: this.value([...path, k]), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.src[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw new JsonSyntaxError(this.i - 1, 'expected "," or "}"');
    }
  }

  private array(path: PropertyKey[]): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.src[this.i] === ']') { this.i++; return out; }
    for (;;) {
      out.push(this.value([...path, out.length]));
      this.ws();
      const c = this.src[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw new JsonSyntaxError(this.i - 1, 'expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.i;
    const end = scanString(this.src, start);
    if (end < 0) throw new JsonSyntaxError(start, 'unterminated or malformed string');
    this.i = end;
    try {
      return JSON.parse(this.src.slice(start, end)) as string;
    } catch {
      throw new JsonSyntaxError(start, 'malformed string (bad escape or control character)');
    }
  }
}

/** The index after the closing quote of the JSON string at `start`, or -1. */
function scanString(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') return i + 1;
    if (c === '\\') i += 2;
    else if (c === '\n') return -1;
    else i++;
  }
  return -1;
}
