// nslab export on the command line, without a display: a view as SVG or PNG,
// a scenario as slides (HTML, PDF), drawn by the built app in headless
// Chromium; bad options end with exit code 2 and say what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO } from '../web/build-app.ts';
import { pdfPages, pngSize, svgTexts, xmlProblem } from '../web/export-files.ts';
import { loadScenario, scenarioToJson } from '../../host-backend/scenario/index.ts';

const SCENARIO = 'scenarios/container-test.nslab';
const STEPS = loadScenario(readFileSync(`${REPO}${SCENARIO}`, 'utf8')).steps.length;
let work: string;
let app: string;

function nslab(...args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/nslab.js', 'export', ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DISPLAY: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Math.round(performance.now() - t0) };
}
const timings: string[] = [];

beforeAll(() => {
  if (!existsSync(`${REPO}kernel-sim/build/kernel.wasm`)) throw new Error('kernel-sim/build/kernel.wasm is missing: run `npm run build:kernel` first');
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: nslab export needs Debian\'s chromium (apt-get install chromium)');
  work = mkdtempSync(`${tmpdir()}/nslab-export-cli-`);
  // an app directory that does not exist yet: the first export builds the app into it
  app = `${work}/app`;
});

afterAll(() => {
  if (timings.length) console.log(`nslab export timings:\n  ${timings.join('\n  ')}`);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** the SVG between a task card's start and the next card's */
function cardOf(svg: string, name: string): string {
  const start = svg.indexOf(`data-name="${name}"`);
  expect(start, `a card for ${name}`).toBeGreaterThan(0);
  const next = svg.indexOf('data-name="', start + 10);
  return svg.slice(start, next < 0 ? undefined : next);
}

// each export starts Chromium and the app: minutes on a busy machine, not the cli suite's 30 s
describe('nslab export: pictures of a view', { timeout: 180_000 }, () => {
  it('process-tree as SVG (the app built first when missing): well-formed, every task with its PIDs after the last step', () => {
    const out = `${work}/tree.svg`;
    const r = nslab(SCENARIO, '--app', app, '--view', 'process-tree', '--format', 'svg', '-o', out);
    expect(r.err).toMatch(/building the app/);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(`${app}/index.html`)).toBe(true);
    timings.push(`svg (with a vite build): ${r.ms} ms`);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(xmlProblem(svg)).toBe('');
    // c was cloned into a new PID namespace: PID 4 outside, 1 inside
    expect(svgTexts(cardOf(svg, 'c'))).toEqual(expect.arrayContaining(['c', '4', '1']));
    expect(svgTexts(cardOf(svg, 'child'))).toEqual(expect.arrayContaining(['child', '3']));
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['initial PID namespace', 'PID namespace, level 1']));
    // styles are inlined: no stylesheet, no CSS variable left to resolve
    expect(svg).not.toMatch(/<style|var\(--/);
  });

  it('the default step is the last; --step 0 is the booted machine (init alone)', () => {
    const out = `${work}/boot.svg`;
    const r = nslab(SCENARIO, '--app', app, '--step', '0', '-o', out);
    expect(r.code, r.err).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('data-name="init"');
    expect(svg).not.toContain('data-name="parent"');
  });

  it('PNG: the signature, and twice the pixels of --scale 1 at the default --scale 2', () => {
    const r2 = nslab(SCENARIO, '--app', app, '-o', `${work}/tree.png`);
    const r1 = nslab(SCENARIO, '--app', app, '--scale', '1', '-o', `${work}/tree1.png`);
    expect(r2.code, r2.err).toBe(0);
    expect(r1.code, r1.err).toBe(0);
    timings.push(`png: ${r2.ms} ms`);
    const big = pngSize(readFileSync(`${work}/tree.png`));
    const small = pngSize(readFileSync(`${work}/tree1.png`));
    expect(small.width).toBeGreaterThan(300);
    expect(small.width).toBeLessThan(4000);
    expect(small.height).toBeGreaterThan(150);
    expect(Math.abs(big.width - 2 * small.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(big.height - 2 * small.height)).toBeLessThanOrEqual(2);
  });

  it('pid-table and ns-matrix (HTML tables in the app) become SVG text and boxes', () => {
    const r = nslab(SCENARIO, '--app', app, '--view', 'pid-table', '-o', `${work}/pids.svg`);
    expect(r.code, r.err).toBe(0);
    const pids = readFileSync(`${work}/pids.svg`, 'utf8');
    expect(xmlProblem(pids)).toBe('');
    expect(svgTexts(pids)).toEqual(expect.arrayContaining(['getpid()', 'getppid()', 'c', 'init']));
    const m = nslab(SCENARIO, '--app', app, '--view', 'ns-matrix', '--format', 'svg', '-o', `${work}/ns.svg`);
    expect(m.code, m.err).toBe(0);
    const ns = readFileSync(`${work}/ns.svg`, 'utf8');
    expect(xmlProblem(ns)).toBe('');
    expect(svgTexts(ns)).toEqual(expect.arrayContaining(['pid', 'mnt', 'uts', 'cgroup']));
  });

  it('--theme dark: the picture has the dark theme\'s background', () => {
    const r = nslab(SCENARIO, '--app', app, '--theme', 'dark', '-o', `${work}/dark.svg`);
    expect(r.code, r.err).toBe(0);
    const bg = readFileSync(`${work}/dark.svg`, 'utf8').match(/<rect width="\d+" height="\d+" fill="rgb\((\d+), (\d+), (\d+)\)"/);
    expect(bg).not.toBeNull();
    expect(Math.max(...bg!.slice(1).map(Number))).toBeLessThan(60);
  });

  it('the JSON twin exports the same picture', () => {
    const json = `${work}/container-test.json`;
    writeFileSync(json, scenarioToJson(loadScenario(readFileSync(`${REPO}${SCENARIO}`, 'utf8'))));
    const r = nslab(json, '--app', app, '-o', `${work}/twin.svg`);
    expect(r.code, r.err).toBe(0);
    expect(svgTexts(cardOf(readFileSync(`${work}/twin.svg`, 'utf8'), 'c'))).toEqual(expect.arrayContaining(['4', '1']));
  });
});

describe('nslab export: slides, one per step', { timeout: 180_000 }, () => {
  it(`HTML deck: self-contained, ${STEPS} slides, each with its step's line`, () => {
    const out = `${work}/deck.html`;
    const r = nslab(SCENARIO, '--app', app, '--format', 'html', '-o', out);
    expect(r.code, r.err).toBe(0);
    timings.push(`html deck: ${r.ms} ms`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const slides = html.match(/<section class="slide"/g) ?? [];
    expect(slides.length).toBe(STEPS);
    expect(html).toContain('clone(CLONE_NEWPID | CLONE_THREAD)');
    // nothing fetched: no external script, stylesheet, image or font
    expect(html).not.toMatch(/<(script|img|link)[^>]+(src|href)=/);
    expect(html).not.toMatch(/url\((?!#)/);
  });

  it('--lang ca: the slides speak Catalan (the scenario\'s lines stay as written)', () => {
    const out = `${work}/deck-ca.html`;
    const r = nslab(SCENARIO, '--app', app, '--lang', 'ca', '-o', out);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="ca">');
    expect(html).toContain(`container-test — pas 1 de ${STEPS}`);
    expect(html).toContain('✓ com s&#39;esperava');
    expect(html).toContain('init$');
    expect(html).toContain('fork()');
  });

  it(`PDF deck (Chromium's page.pdf): %PDF, ${STEPS} pages`, () => {
    const out = `${work}/deck.pdf`;
    const r = nslab(SCENARIO, '--app', app, '--view', 'pid-table', '-o', out);
    expect(r.code, r.err).toBe(0);
    timings.push(`pdf deck: ${r.ms} ms`);
    const pdf = readFileSync(out);
    expect(pdf.toString('latin1', 0, 5)).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(STEPS);
    expect(r.err).toMatch(new RegExp(`\\(${STEPS} slides\\)`));
  });
});

describe('nslab export: bad requests end with exit code 2 and say why', { timeout: 180_000 }, () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown format', [SCENARIO, '--format', 'gif'], /--format must be one of svg, png, pdf, html, not "gif"/],
    ['no scenario', ['--format', 'svg'], /which scenario\?/],
    ['two scenarios', [SCENARIO, SCENARIO], /one scenario at a time/],
    ['a missing file', ['scenarios/no-such.nslab'], /cannot read scenarios\/no-such\.nslab: no such file/],
    ['an unknown option', [SCENARIO, '--colour', 'red'], /unknown option --colour/],
    ['a step that is not a number', [SCENARIO, '--step', 'two'], /--step must be a step number/],
    ['--step with a deck', [SCENARIO, '--format', 'pdf', '--step', '2'], /a pdf deck has every step/],
    ['a bad theme', [SCENARIO, '--theme', 'pink'], /--theme must be light or dark/],
    ['a language the app does not speak', [SCENARIO, '--lang', 'fr'], /--lang must be en or ca/],
    ['--scale without png', [SCENARIO, '--format', 'svg', '--scale', '3'], /--scale goes with --format png/],
  ];
  for (const [what, args, message] of cases)
    it(what, () => {
      const r = nslab(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    });

  it('a scenario with a syntax error: file:line:col, nothing started', () => {
    const bad = `${work}/bad.nslab`;
    writeFileSync(bad, 'init: fork() -> a\na: frok()\n');
    const r = nslab(bad, '--app', app, '-o', `${work}/bad.svg`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.nslab:2:\d+:/);
    expect(existsSync(`${work}/bad.svg`)).toBe(false);
  });

  it('an unknown view names the views there are', () => {
    const r = nslab(SCENARIO, '--app', app, '--view', 'cgroup-forest', '-o', `${work}/x.svg`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown view "cgroup-forest" \(views: process-tree, pid-table, ns-matrix/);
  });

  it('a step past the end says how many there are', () => {
    const r = nslab(SCENARIO, '--app', app, '--step', '99', '-o', `${work}/x.svg`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`step 99 does not exist \\(the scenario has steps 0 to ${STEPS}\\)`));
  });
});
