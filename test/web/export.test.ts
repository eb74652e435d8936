// Exports from the app, as a lecturer makes them: the Export menu in the built
// app (Debian's Chromium), the downloaded files checked the way other tools
// would read them, the deck opened and stepped with the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { REPO } from './build-app.ts';
import { launchChromium } from './browser.ts';
import { serveApp, type AppServer } from '../../host-backend/cli/app-server.ts';
import { buildPrivateApp, pdfPages, pngSize, svgTexts, xmlProblem } from './export-files.ts';
import { loadScenario } from '../../host-backend/scenario/index.ts';

const SHOTS = `${REPO}test-results`;
const STEPS = loadScenario(readFileSync(`${REPO}scenarios/container-test.nslab`, 'utf8')).steps.length;

let app: string;
let server: AppServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const timings: string[] = [];

beforeAll(async () => {
  app = buildPrivateApp();
  server = await serveApp(app);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  mkdirSync(SHOTS, { recursive: true });
  await openContainerTest();
});

/** container-test after its last step, in a freshly loaded page (some views, the quiz, load scenarios of their own) */
async function openContainerTest(): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}#s=container-test&k=${STEPS}`);
  await page.locator('.app[data-ready="yes"][data-busy="no"]').waitFor({ timeout: 20_000 });
  await page.locator('g.task[data-name="c"]').waitFor();
}

afterAll(async () => {
  if (timings.length) console.log(`export from the app:\n  ${timings.join('\n  ')}`);
  await browser?.close();
  await server?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

const menu = () => page.getByTestId('export-menu');

/** choose a menu item and return the downloaded file, its name and how long the export took in the page */
async function exportVia(item: string): Promise<{ name: string; body: Buffer; ms: number }> {
  await menu().getByRole('button', { name: /^Export/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), menu().getByRole('menuitem', { name: item }).click()]);
  const path = await download.path();
  await page.locator('[data-testid="export-menu"][data-working="no"]').waitFor();
  const ms = Number(await menu().getAttribute('data-last-ms'));
  return { name: download.suggestedFilename(), body: readFileSync(path), ms };
}

/** the SVG parsed by the browser's XML parser: its error, or the text of every <text> */
async function parseInBrowser(svg: string): Promise<{ error: string; root: string; texts: string[] }> {
  return page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    return { error: err?.textContent ?? '', root: doc.documentElement.localName, texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '') };
  }, svg);
}

describe('export from the app: one view', () => {
  it('View as SVG: a standalone SVG the XML parser accepts, with every task and its PIDs', async () => {
    const { name, body, ms } = await exportVia('View as SVG');
    timings.push(`view as SVG: ${ms} ms`);
    expect(name).toBe(`container-test-process-tree-step${STEPS}.svg`);
    const svg = body.toString('utf8');
    const parsed = await parseInBrowser(svg);
    expect(parsed.error).toBe('');
    expect(parsed.root).toBe('svg');
    expect(xmlProblem(svg)).toBe('');
    const texts = parsed.texts.join(' ');
    for (const task of ['init', 'parent', 'child', 'c']) expect(parsed.texts).toContain(task);
    // c: PID 4 in the initial namespace, 1 in its own
    const cCard = svg.slice(svg.indexOf('data-name="c"'));
    expect(svgTexts(cCard).slice(0, 4)).toEqual(['c', 'PID', '4', '1']);
    expect(texts).toContain('PID namespace, level 1');
    expect(svg).not.toMatch(/var\(--|<style/);
    // drawn alone (as an image, no page styles), it has the size it says
    const shown = await page.evaluate(async (s) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([s], { type: 'image/svg+xml' }));
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    }, svg);
    expect(shown.w).toBeGreaterThan(300);
    expect(shown.h).toBeGreaterThan(150);
  });

  it('View as PNG: the PNG signature, twice the SVG\'s size in pixels', async () => {
    const { body: svgBody } = await exportVia('View as SVG');
    const svgW = Number(svgBody.toString('utf8').match(/^<svg[^>]* width="(\d+)"/)![1]);
    const { name, body, ms } = await exportVia('View as PNG');
    timings.push(`view as PNG: ${ms} ms`);
    expect(name).toMatch(/\.png$/);
    const size = pngSize(body);
    expect(size.width).toBe(2 * svgW);
    expect(size.height).toBeGreaterThan(300);
    expect(size.height).toBeLessThan(4000);
  });

  it('every view the app offers exports as a well-formed SVG with something in it', async () => {
    const views = await page.locator('[role="tab"][data-view]').evaluateAll((tabs) => tabs.map((t) => (t as HTMLElement).dataset.view!));
    expect(views).toEqual(expect.arrayContaining(['tree', 'pids', 'ns']));
    for (const v of views) {
      await page.locator(`[role="tab"][data-view="${v}"]`).click();
      await page.locator('.app[data-busy="no"]').waitFor();
      // (an empty style attribute is no change: Svelte's style: directives may leave one)
      const html = () => page.locator('#view').evaluate((e) => e.outerHTML.replaceAll(' style=""', ''));
      const before = await html();
      const { body } = await exportVia('View as SVG');
      // panels let grow for the picture are put back as they were
      // (the panes, the clone playground and the quiz change on their own as the kernel answers; the others only with the step)
      if (['tree', 'pids', 'ns', 'mounts', 'cgroups'].includes(v)) expect(await html(), `view ${v} unchanged`).toBe(before);
      const svg = body.toString('utf8');
      expect(xmlProblem(svg), `view ${v}`).toBe('');
      expect((await parseInBrowser(svg)).error, `view ${v}`).toBe('');
      expect(svgTexts(svg).length, `view ${v} has text`).toBeGreaterThan(2);
    }
    await openContainerTest();
    await page.locator('[role="tab"][data-view="pids"]').click();
    const { body } = await exportVia('View as SVG');
    // the PID table: c's row reads 4, 1 (outside, inside) and getpid() = 1, getppid() = 0
    const texts = svgTexts(body.toString('utf8'));
    const c = texts.lastIndexOf('c');
    expect(texts.slice(c, c + 5)).toEqual(['c', '4', '1', '1', '0']);
    await page.locator('[role="tab"][data-view="tree"]').click();
  });

  it('the menu works from the keyboard: Enter opens it on its first item, arrows move, Escape closes', async () => {
    const button = menu().getByRole('button', { name: /^Export/ });
    await button.focus();
    await page.keyboard.press('Enter');
    const items = menu().getByRole('menuitem');
    await expect.poll(() => items.count()).toBe(4);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('View as SVG');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('View as PNG');
    await page.screenshot({ path: `${SHOTS}/export-menu.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => items.count()).toBe(0);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('export from the app: a big tree', () => {
  it('a 300-task tree, which the app draws only near its viewport, is exported with every card', async () => {
    const n = 300;
    const lines = ['init: fork() -> t1'];
    for (let i = 1; i < n; i++) lines.push(`t${Math.ceil(i / 2)}: fork() -> t${i + 1}`);
    const text = Buffer.from(lines.join('\n') + '\n').toString('base64url');
    await page.goto('about:blank');
    await page.goto(`${server.url}#t=${text}&k=${n}`);
    await page.locator('.app[data-ready="yes"][data-busy="no"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('step-counter').innerText(), { timeout: 30_000 }).toMatch(new RegExp(`${n}\\D+${n}`));
    const onScreen = await page.locator('g.task').count();
    expect(onScreen, 'the page draws a window of the tree, not every card').toBeLessThan(n + 1);
    const { body, ms } = await exportVia('View as SVG');
    timings.push(`view as SVG, ${n} tasks: ${ms} ms, ${(body.length / 1024).toFixed(0)} KiB`);
    const svg = body.toString('utf8');
    expect(xmlProblem(svg)).toBe('');
    const names = new Set([...svg.matchAll(/data-name="([^"]+)"/g)].map((m) => m[1]));
    expect(names.size).toBe(n + 1);
    expect(names.has(`t${n}`)).toBe(true);
    // the page went back to drawing its window
    await expect.poll(() => page.locator('g.task').count()).toBe(onScreen);
    await openContainerTest();
  });
});

describe('export from the app: the scenario as slides', () => {
  let deck: Buffer;

  it(`Slides as HTML: ${STEPS} slides, self-contained; the app is back on its step afterwards`, async () => {
    const before = await page.getByTestId('step-counter').innerText();
    const { name, body, ms } = await exportVia('Slides as HTML (one per step)');
    timings.push(`slides as HTML (${STEPS} steps): ${ms} ms`);
    expect(name).toBe('container-test-process-tree-slides.html');
    deck = body;
    const html = body.toString('utf8');
    expect((html.match(/<section class="slide"/g) ?? []).length).toBe(STEPS);
    expect(html).not.toMatch(/<(script|img|link)[^>]+(src|href)=/);
    expect(await page.getByTestId('step-counter').innerText()).toBe(before);
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('the deck opens offline, one slide at a time, stepped with the keyboard; each slide has its step\'s line and view', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const requests: string[] = [];
    viewer.on('request', (r) => requests.push(r.url()));
    const file = `${SHOTS}/export-deck.html`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, deck);
    await viewer.goto(`file://${file}`);
    const shown = () => viewer.locator('.slide.shown').getAttribute('data-step');
    expect(await shown()).toBe('1');
    expect(await viewer.locator('.slide.shown').innerText()).toContain('init$ fork()');
    await viewer.screenshot({ path: `${SHOTS}/export-deck-slide-1.png` });
    await viewer.keyboard.press('ArrowRight');
    await viewer.keyboard.press(' ');
    expect(await shown()).toBe('3');
    await viewer.screenshot({ path: `${SHOTS}/export-deck-slide-3.png` });
    // step 3: clone(CLONE_NEWPID) made c, PID 1 in its own namespace (4 outside)
    const slide3 = await viewer.locator('.slide.shown').innerText();
    expect(slide3).toContain('clone(CLONE_NEWPID');
    expect(await viewer.locator('.slide.shown g.task[data-name="c"]').count()).toBe(1);
    await viewer.keyboard.press('ArrowLeft');
    expect(await shown()).toBe('2');
    await viewer.keyboard.press('End');
    expect(await shown()).toBe(String(STEPS));
    expect(new URL(viewer.url()).hash).toBe(`#${STEPS}`);
    // the last step is `ps` after mounting /proc: its output is on the slide
    expect(await viewer.locator('.slide.shown').innerText()).toMatch(/PID\s+PPID/);
    await viewer.screenshot({ path: `${SHOTS}/export-deck-slide-last.png` });
    await viewer.keyboard.press('Home');
    expect(await shown()).toBe('1');
    // printed, every slide is a page
    await viewer.emulateMedia({ media: 'print' });
    expect(await viewer.locator('.slide').evaluateAll((s) => s.filter((e) => getComputedStyle(e).display !== 'none').length)).toBe(STEPS);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await viewer.close();
  });

  it(`Slides as PDF: %PDF, ${STEPS} pages`, async () => {
    const { name, body, ms } = await exportVia('Slides as PDF (one page per step)');
    timings.push(`slides as PDF (${STEPS} steps): ${ms} ms, ${(body.length / 1024).toFixed(0)} KiB`);
    expect(name).toBe('container-test-process-tree-slides.pdf');
    expect(body.toString('latin1', 0, 5)).toBe('%PDF-');
    expect(body.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdfPages(body)).toBe(STEPS);
  });

  it('a scenario that does not parse cannot be exported: the menu is disabled', async () => {
    const bad = Buffer.from('init: frok()\n').toString('base64url');
    await page.goto(`${server.url}#t=${bad}`);
    await page.locator('.app[data-busy="no"]').waitFor();
    await expect.poll(() => menu().getByRole('button', { name: /^Export/ }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => { try { return window.nslabExport!.steps(); } catch (e) { return String(e); } })).toMatch(/nslab-export: 1:\d+:/);
  });
});
