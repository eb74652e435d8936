// issue 3: "the scenarios cover every call the simulator implements" — each
// call of the Backend appears, written as a call, in some scenario of the
// library, so test/cli/diff.test.ts checks it against the real kernel.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SYSCALLS } from '../../host-backend/backend.ts';

const root = fileURLToPath(new URL('../../scenarios', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.nslab') ? [p] : [];
  });
}

describe('the scenario library', () => {
  it('calls every Backend call at least once', () => {
    const called = new Set<string>();
    for (const f of files(root)) {
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        const m = /^\s*[\w-]+:\s*(\w+)\(/.exec(line);
        if (m) called.add(m[1]!);
      }
    }
    const missing = Object.keys(SYSCALLS).filter((c) => !called.has(c));
    expect(missing).toEqual([]);
  });
});
