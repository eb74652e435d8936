// `npm run bench`, the browser's part: issue 6's budgets, measured in
// Debian's Chromium on the built app served from 127.0.0.1, as a student
// opens it.
// - first view: navigation until the booted machine is drawn, fresh pages;
// - what the first view downloads, gzipped: the JavaScript and the kernel;
// - a step of a 1,000-task scenario, from asking until the frame that shows
//   it is rendered (the page's own clock: data-step-ms): forward (observed
//   ahead while the user looked), back (recorded), and a jump nobody could
//   foresee (procfs read then; what the step changed, which needs the
//   machine before it too, is drawn after), side by side with the same steps of a
//   10-task scenario — the page's fixed cost, the baseline of the ratio.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { ensureApp, serveApp, type AppServer } from './app-server.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.ts';
import type { Row } from './bench-row.ts';
import { encodeUrlState } from '../../web/src/state/url.ts';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const BUDGET = { firstViewMs: 1000, jsKB: 250, wasmKB: 100, stepMs: 50 };

/** a binary tree of forks, n steps and n+1 tasks: t1 is init's child, t(i) forks t(2i) and t(2i+1) */
export function forkTree(n: number): string {
  const lines = ['init: fork() -> t1'];
  for (let i = 1; i < n; i++) lines.push(`t${Math.ceil(i / 2)}: fork() -> t${i + 1}`);
  return lines.join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Steps { forward: number[]; back: number[]; jump: number[] }

/** The page's times for steps of a forkTree(n) scenario. */
async function stepTimes(page: Page, server: AppServer, n: number, reps: number): Promise<Steps> {
  const app = page.locator('.app');
  const at = async () => Number((await page.getByTestId('step-counter').innerText()).match(/^step (\d+)/)?.[1]);
  const idle = () => page.locator('.app[data-busy="no"][data-prefetching="no"]').waitFor({ timeout: 120_000 });
  const painted = async () => JSON.parse((await app.getAttribute('data-step-parts')) ?? '{}').n as number;
  /** does `act`, then waits until step k is painted; the page's ms from asking to painted */
  const step = async (k: number, act: () => Promise<unknown>) => {
    const before = await painted();
    await act();
    await page.waitForFunction(
      ([k, before]) => {
        const el = document.querySelector('.app');
        return JSON.parse(el?.getAttribute('data-step-parts') ?? '{}').n > before && document.querySelector('[data-testid="step-counter"] b')?.textContent === String(k);
      },
      [k, before] as const,
      { timeout: 120_000, polling: 'raf' },
    );
    return Number(await app.getAttribute('data-step-ms'));
  };
  const start = n - reps - 1;
  await page.goto(server.url + encodeUrlState({ text: forkTree(n), at: start }));
  await page.locator('.app[data-ready="yes"]').waitFor({ timeout: 120_000 });
  await idle();
  const r: Steps = { forward: [], back: [], jump: [] };
  const forward = page.getByRole('button', { name: 'step forward' });
  const back = page.getByRole('button', { name: 'step back' });
  for (let i = 0; i < reps; i++) {
    r.forward.push(await step((await at()) + 1, () => forward.click()));
    await idle();
  }
  for (let i = 0; i < Math.min(reps, 3); i++) {
    r.back.push(await step((await at()) - 1, () => back.click()));
    await idle();
  }
  // far from every step observed so far: nothing recorded, nothing ahead
  for (const k of [Math.floor(n / 2), Math.floor(n / 4)]) {
    r.jump.push(await step(k, () => page.getByRole('slider', { name: 'jump to step' }).fill(String(k))));
    await idle();
  }
  return r;
}

export async function webBench(quick: boolean): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) return [{ name: 'web', value: 'skipped', baseline: `no Chromium at ${CHROMIUM}`, ratio: '', target: '', ok: true }];
  ensureApp(DIST, false, (line) => process.stderr.write(`nslab bench: ${line}\n`));
  const { chromium } = await import('playwright-core');
  const server = await serveApp(DIST);
  let browser: Browser | undefined;
  const rows: Row[] = [];
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const viewport = { width: 1600, height: 1000 };

    // first view, fresh pages (nothing cached: the server says no-store)
    const ready: number[] = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      const page = await browser.newPage({ viewport });
      server.served.clear();
      await page.goto(server.url);
      await page.locator('.app[data-ready="yes"]').waitFor({ timeout: 30_000 });
      ready.push(Number(await page.locator('.app').getAttribute('data-ready-ms')));
      await page.close();
    }
    const gz = (ext: string) => [...server.served.keys()].filter((p) => p.endsWith(ext)).reduce((s, p) => s + gzipSync(readFileSync(DIST + p)).length, 0) / 1024;
    const [js, wasm] = [gz('.js'), gz('.wasm')];
    rows.push({ name: 'web: first view ready', value: `${median(ready)} ms`, baseline: `best ${Math.min(...ready)} ms`, ratio: `${(median(ready) / BUDGET.firstViewMs).toFixed(2)}× budget`, target: `< ${BUDGET.firstViewMs} ms`, ok: median(ready) < BUDGET.firstViewMs });
    rows.push({ name: 'web: JavaScript, gzipped', value: `${js.toFixed(1)} KB`, baseline: 'first view', ratio: `${(js / BUDGET.jsKB).toFixed(2)}× budget`, target: `< ${BUDGET.jsKB} KB`, ok: js < BUDGET.jsKB });
    rows.push({ name: 'web: kernel wasm, gzipped', value: `${wasm.toFixed(1)} KB`, baseline: '', ratio: `${(wasm / BUDGET.wasmKB).toFixed(2)}× budget`, target: `< ${BUDGET.wasmKB} KB`, ok: wasm > 0 && wasm < BUDGET.wasmKB });

    // steps: 1,000 tasks against 10
    const page = await browser.newPage({ viewport });
    const reps = quick ? 3 : 7;
    const small = await stepTimes(page, server, 10, 3);
    const big = await stepTimes(page, server, 1000, reps);
    await page.close();
    const row = (name: string, what: keyof Steps, budget: boolean) => {
      const [b, s] = [median(big[what]), median(small[what])];
      rows.push({
        name: `web: ${name}, 1,000 tasks`, value: `${b} ms`, baseline: `10 tasks ${s} ms`, ratio: `×${(b / Math.max(1, s)).toFixed(1)}`,
        target: budget ? `< ${BUDGET.stepMs} ms` : 'reported', ok: !budget || b < BUDGET.stepMs,
      });
    };
    row('step fwd', 'forward', true);
    row('step back', 'back', true);
    row('jump', 'jump', false);
  } finally {
    await browser?.close();
    await server.close();
  }
  return rows;
}
