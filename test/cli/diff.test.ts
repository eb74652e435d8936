// nslab diff over every scenario of the repository (issue 3): each runs on
// the simulator configured as the host is and on the real kernel (a private
// agent, as `nslab diff` starts one), both normalised. Needs root and
// namespaces; where the host cannot run the agent, the suite says why and skips.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../host-backend/backend.ts';
import { ScenarioRun, loadScenario } from '../../host-backend/scenario/index.ts';
import { loadSimBackend } from '../../host-backend/sim-backend.ts';
import { diffRuns, formatDifferences, type Difference, type RunRecord } from '../../host-backend/userland/diff.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(nslab|json)$/.test(f) ? [p] : [];
  });
const scenarios = files(join(root, 'scenarios')).sort();

let host: Backend | null = null;
let unavailable = '';
beforeAll(async () => {
  try {
    const { openHostBackend } = await import('../../host-backend/remote-backend.ts');
    host = await openHostBackend({});
  } catch (e) {
    unavailable = (e as Error).message;
    console.log(`nslab diff tests skipped: the real-host backend cannot start here (${unavailable})`);
  }
}, 120_000);
afterAll(async () => { await host?.close(); });

async function record(b: Backend, run: ScenarioRun): Promise<RunRecord> {
  await run.boot();
  await run.run();
  const steps = run.results.map((r) => ({ index: r.index, line: r.line, text: r.text, ret: r.ret, output: r.output, status: r.status, error: r.error }));
  return { backend: b.kind, steps, snapshot: await run.snapshot() };
}

const diffs = new Map<string, Difference[]>();
async function diffOf(file: string): Promise<Difference[]> {
  if (!diffs.has(file)) {
    const scenario = loadScenario(readFileSync(file, 'utf8'), file);
    const h = await record(host!, new ScenarioRun(host!, scenario));
    const sim = await loadSimBackend({ debug: true });
    const s = await record(sim, new ScenarioRun(sim, scenario, { machine: await host!.machine() }));
    diffs.set(file, diffRuns(s, h));
  }
  return diffs.get(file)!;
}

describe.each(scenarios.map((f) => [relative(root, f), f]))('nslab diff %s', (_name, file) => {
  it('every step gives the same value and output on the simulator and the real kernel', async (ctx) => {
    if (!host) ctx.skip(`no real-host backend: ${unavailable}`);
    const d = (await diffOf(file)).filter((x) => !x.where.startsWith('snapshot'));
    expect(formatDifferences(d)).toBe('');
  });

  it('the final snapshots agree', async (ctx) => {
    if (!host) ctx.skip(`no real-host backend: ${unavailable}`);
    const d = (await diffOf(file)).filter((x) => x.where.startsWith('snapshot'));
    expect(formatDifferences(d)).toBe('');
  });
});
