// The fuzz corpus: messages the agent's protocol must reject, made by a seeded PRNG.

/** A deterministic PRNG (mulberry32, the quizzes' generator), so a failing fuzz case can be replayed. */
export { rng as prng } from '../../web/src/quiz/generate.ts';

/** A message the protocol must reject (never a well-formed request). */
export function hostile(rnd: () => number, limit: number): string | Buffer {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rnd() * 0x3000))).join('');
  const weird = () => pick<unknown>([null, true, -1, 1.5, 2 ** 60, NaN, '', 'x'.repeat(100), [], {}, [1, [2]], { a: 1 }, '1', -0]);
  const valid = () => ({ id: Math.floor(rnd() * 1000), op: 'call', task: 1, name: 'getpid', args: [] as unknown[] });
  switch (Math.floor(rnd() * 12)) {
    case 0: return junk(1 + Math.floor(rnd() * 200));
    case 1: { const s = JSON.stringify(valid()); return s.slice(0, Math.floor(rnd() * (s.length - 1))); }
    case 2: return JSON.stringify(weird());
    case 3: {
      // one field of a good request given a value of the wrong type or range
      const bad: Record<string, unknown[]> = {
        id: [null, true, -1, 1.5, 2 ** 60, '1', [], {}],
        op: [null, 1, 'x', '', 'CALL', [], {}],
        task: [null, 1.5, '1', 2 ** 40, [], {}, true],
        name: [null, 1, '', 'x'.repeat(100), [], {}],
        args: [null, 1, 'x', {}, [null], [[1]], [{}], [true]],
      };
      const m: Record<string, unknown> = valid();
      const field = pick(Object.keys(bad));
      m[field] = pick(bad[field]!);
      return JSON.stringify(m);
    }
    case 4: return JSON.stringify({ ...valid(), extra: junk(5) });
    case 5: return JSON.stringify({ ...valid(), op: junk(4) });
    case 6: return '['.repeat(5000) + ']'.repeat(5000);
    case 7: return JSON.stringify({ ...valid(), args: 'x'.repeat(limit) }); // over the size limit
    case 8: return Buffer.from(junk(20));
    case 9: return JSON.stringify({ id: -1, op: 'boot' });
    case 10: return JSON.stringify({ ...valid(), args: Array.from({ length: 5000 }, () => 1) });
    default: return JSON.stringify({ ...valid(), task: pick([1.5, '1', null, 2 ** 40, -(2 ** 40)]) });
  }
}
