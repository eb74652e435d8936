// The agent's request parser: its hand-checked path for well-formed calls
// and plain boots must answer exactly as the zod schema (the spec) does, on
// the fuzz corpus and on calls and boots that are nearly well formed.
import { describe, expect, it } from 'vitest';
import { parseRequest, Request } from '../../host-backend/agent/protocol.ts';
import { hostile, prng } from './hostile.ts';

/** What the spec alone says of a message. */
function bySchema(text: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { id: null, error: `malformed JSON: ${(e as Error).message}` };
  }
  const r = Request.safeParse(raw);
  if (r.success) return { req: r.data };
  const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  const issue = r.error.issues[0]!;
  return {
    id: typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : null,
    error: `invalid request at ${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`,
  };
}

/** Calls near the boundary of well formed: each field at, past and around its limits. */
function nearCall(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const m: Record<string, unknown> = { id: 3, op: 'call', task: 1, name: 'getpid', args: [] };
  const fields: Record<string, unknown[]> = {
    id: [0, -0, 1, 2 ** 53 - 1, 2 ** 53, -1, 0.5, 1e308, '3'],
    task: [0, -0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 0.5, 1e300],
    name: ['', 'a', 'x'.repeat(64), 'x'.repeat(65), 'é'.repeat(64), '😀'.repeat(32), '😀'.repeat(33), 'mount', '\u0000'],
    args: [[], [1], [-0], [1e308], [1.5], ['a'], ['x'.repeat(1 << 20)], ['x'.repeat((1 << 20) + 1)], Array(4096).fill(0), Array(4097).fill(0), [null], [[]], [{}], [true], [1, 'a', 2]],
  };
  for (const f of Object.keys(fields)) if (rnd() < 0.5) m[f] = pick(fields[f]!);
  const r = rnd();
  if (r < 0.05) delete m[pick(Object.keys(m))];
  else if (r < 0.1) m.extra = 1;
  else if (r < 0.15) m.op = pick(['boot', 'Call', 'machine', 'close']);
  let text = JSON.stringify(m);
  if (rnd() < 0.05) text = text.replace('{', '{"__proto__":{"x":1},');
  if (rnd() < 0.05) text = text.replace('"task"', '"task":7,"task"'); // a duplicate key: JSON.parse keeps the last
  return text;
}

/** Boots near the boundary of the hand-checked one (no config, or an empty one). */
function nearBoot(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const m: Record<string, unknown> = { id: 3, op: 'boot' };
  if (rnd() < 0.6) m.config = pick([{}, {}, { hostname: 'x' }, { hostname: '' }, null, [], 'x', 0, { extra: 1 }, { cpus: 2 }, { cgroup: 'v3' }]);
  if (rnd() < 0.3) m.id = pick([0, -0, 2 ** 53 - 1, 2 ** 53, -1, 0.5, '3', null]);
  const r = rnd();
  if (r < 0.05) delete m.id;
  else if (r < 0.1) m.extra = 1;
  else if (r < 0.15) m.op = pick(['Boot', 'machine', 'close']);
  let text = JSON.stringify(m);
  if (rnd() < 0.05) text = text.replace('{', '{"__proto__":{"x":1},');
  if (rnd() < 0.05) text = text.replace('"op"', '"config":{},"op"');
  return text;
}

describe('parseRequest', () => {
  it('answers as the zod schema does on the 10,000-message fuzz corpus, 5,000 near-calls and 2,000 near-boots', () => {
    const rnd = prng(42);
    const corpus: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const m = hostile(rnd, 16 * 1024);
      corpus.push(Buffer.isBuffer(m) ? m.toString('utf8') : m);
    }
    const near = prng(7);
    for (let i = 0; i < 5_000; i++) corpus.push(nearCall(near));
    for (let i = 0; i < 2_000; i++) corpus.push(nearBoot(near));
    let accepted = 0;
    for (const text of corpus) {
      const want = bySchema(text);
      expect(parseRequest(text), text.slice(0, 200)).toEqual(want);
      if ('req' in (want as object)) accepted++;
    }
    // the corpus reaches both sides of the boundary
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(corpus.length - 7000);
  });

  it('a well-formed call is accepted as it was sent', () => {
    const m = { id: 9, op: 'call', task: 1, name: 'mount', args: ['none', '/mnt', 'tmpfs', 0, ''] };
    expect(parseRequest(JSON.stringify(m))).toEqual({ req: m });
  });
});

describe('RemoteBackend', () => {
  it('fails a request the agent never answers after its timeout, by name, and keeps the connection for the next', async () => {
    const { WebSocketServer } = await import('ws');
    const { RemoteBackend } = await import('../../host-backend/remote-backend.ts');
    // an "agent" that answers only getpid
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id: number; name?: string };
      if (m.name === 'getpid') ws.send(JSON.stringify({ id: m.id, ok: true, result: { ret: 1 } }));
    }));
    const b = new RemoteBackend(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/`, { timeoutMs: 150 });
    try {
      const t0 = Date.now();
      const [lost, late] = await Promise.allSettled([b.call(1, 'getppid', []), new Promise((r) => setTimeout(r, 60)).then(() => b.call(1, 'gettid', []))]);
      expect(lost).toMatchObject({ status: 'rejected', reason: { message: 'nslab agent: no reply to call within 150 ms' } });
      expect(late).toMatchObject({ status: 'rejected', reason: { message: 'nslab agent: no reply to call within 150 ms' } });
      // each waited its own 150 ms: the second was sent 60 ms after the first
      expect(Date.now() - t0).toBeGreaterThanOrEqual(205);
      expect(await b.call(1, 'getpid', [])).toEqual({ ret: 1 });
    } finally {
      await b.close().catch(() => undefined);
      wss.close();
    }
  });
});

describe('directPair (a private agent\'s in-process connection)', () => {
  it('delivers in order both ways, holds messages while paused and closes both ends', async () => {
    const { directPair } = await import('../../host-backend/agent/direct.ts');
    const { server, client } = directPair();
    const got: string[] = [], back: unknown[] = [], closed: string[] = [];
    await new Promise<void>((r) => { client.onopen = () => r(); });
    server.on('message', (d) => got.push(String(d)));
    server.on('close', () => closed.push('server'));
    client.onmessage = (ev) => back.push(ev.data);
    client.onclose = (ev) => closed.push(`client ${ev.code} ${ev.reason}`);
    client.send('1');
    await new Promise((r) => setImmediate(r));
    server.pause();
    client.send('2');
    client.send('3');
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toEqual(['1']);
    server.resume();
    client.send('4');
    server.send('a');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['1', '2', '3', '4']);
    expect(back).toEqual(['a']);
    server.close(1008, 'limit');
    client.send('5');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['1', '2', '3', '4']);
    expect(closed).toEqual(['client 1008 limit', 'server']);
    expect(client.readyState).toBe(3);
  });
});
