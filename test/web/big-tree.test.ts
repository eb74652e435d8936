// A 1,000-task scenario in the page: the tree stays readable (it scrolls
// rather than shrinking to dots), the step's new task is scrolled into view,
// and the time a step takes is measured and printed (issue 6 budgets it at
// 50 ms; this test only holds a loose bound and reports the numbers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildApp, DIST, REPO } from './build-app.ts';
import { launchChromium } from './browser.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { encodeUrlState } from '../../web/src/state/url.ts';

const TASKS = 1000;
let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  buildApp();
  server = await serveStatic(DIST);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  mkdirSync(`${REPO}test-results`, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** a binary tree of forks: t1 is init's child, t(i) forks t(2i) and t(2i+1) */
function forkTree(n: number): string {
  const lines = ['init: fork() -> t1'];
  for (let i = 1; i < n; i++) lines.push(`t${Math.ceil(i / 2)}: fork() -> t${i + 1}`);
  return lines.join('\n') + '\n';
}

describe(`a ${TASKS}-task scenario`, () => {
  it('steps, draws the new task in view at a readable size, and reports its timings', async () => {
    await page.goto(server.url + encodeUrlState({ text: forkTree(TASKS), at: TASKS - 1 }));
    const counter = page.getByTestId('step-counter');
    await expect.poll(() => counter.innerText(), { timeout: 60_000 }).toBe(`step ${TASKS - 1} of ${TASKS}`);
    await page.locator('.app[data-busy="no"]').waitFor();
    const t0 = Date.now();
    await page.getByRole('button', { name: 'step forward' }).click();
    await expect.poll(() => counter.innerText(), { timeout: 30_000 }).toBe(`step ${TASKS} of ${TASKS}`);
    await page.locator('.app[data-busy="no"]').waitFor();
    const wall = Date.now() - t0;
    const app = page.locator('.app');
    const draw = Number(await app.getAttribute('data-draw-ms'));
    const worker = JSON.parse((await app.getAttribute('data-worker-ms')) ?? '{}');
    console.log(`step ${TASKS} of ${TASKS}: ${wall} ms as clicked; worker ${JSON.stringify(worker)} ms; page draw ${draw} ms`);
    // every task is laid out; only those near the viewport are drawn
    expect(Number(await page.locator('.tree svg').getAttribute('data-task-count'))).toBe(TASKS + 1);
    expect(await page.locator('.tree svg').getAttribute('data-windowed')).toBe('yes');
    // readable: never shrunk below the minimum zoom
    expect(Number(await page.locator('.tree svg').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.45);
    // the new task is inside the visible part of the tree
    const [card, view] = [await page.locator(`g.task[data-name="t${TASKS}"] rect.card`).boundingBox(), await page.locator('.tree .viewport').boundingBox()];
    expect(card && view && card.x >= view.x && card.x + card.width <= view.x + view.width && card.y >= view.y && card.y + card.height <= view.y + view.height).toBe(true);
    expect(await page.locator(`g.task[data-name="t${TASKS}"]`).getAttribute('class')).toContain('appeared');
    await page.screenshot({ path: `${REPO}test-results/web-1000-tasks.png` });
    // a loose bound only (the machine is shared): the 50 ms budget is issue 6's
    expect(wall).toBeLessThan(5_000);
  });
});
