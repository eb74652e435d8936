// nslab export FILE [--view NAME] [--format svg|png|pdf|html] [--step K] [-o OUT]
//                   [--theme light|dark] [--scale N] [--app DIR] [--build]
//
// Pictures and slides of a scenario, without a display. The one way to render
// is the app's: this command serves the built app (dist/) on 127.0.0.1,
// opens it in headless Chromium, loads the scenario and calls the export code
// behind the app's own Export menu (window.nslabExport, web/src/export/).
// The SVG is the view the Svelte component drew; PNG is that SVG drawn by the
// browser; the deck's PDF is Chromium's page.pdf of the HTML deck (vector, one
// page per step). Rendering the components server-side was the alternative;
// it was not taken because the views measure themselves in the browser (zoom
// from bind:clientWidth, text boxes) and the tables are HTML laid out by the
// browser: without a browser there is no layout to read.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { formatScenario, isJsonScenario, type Scenario } from '../scenario/index.ts';
import { parseArgs, type Flags } from './args.ts';
import { CliError, type Io } from './errors.ts';
import { readScenario } from './load.ts';
import { ensureApp, serveApp } from './app-server.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** the window the app is laid out in: the views are exported as they look at this size */
const VIEWPORT = { width: 1600, height: 1000 };

export const EXPORT_FLAGS: Flags = {
  view: 'value', format: 'value', step: 'value', out: 'value', theme: 'value', lang: 'value', scale: 'value', app: 'value', build: 'bool',
};
const FORMATS = ['svg', 'png', 'pdf', 'html'] as const;
type Format = (typeof FORMATS)[number];

export const EXPORT_USAGE = `usage: nslab export FILE [--view NAME] [--format svg|png|pdf|html] [--step K] [-o OUT]
                    [--theme light|dark] [--lang en|ca] [--scale N] [--app DIR] [--build]
  svg, png   one view after step K (default: the last step)
  pdf, html  a deck: one slide per step (the step's line, the view, what it printed)
  --view     process-tree (default), pid-table, ns-matrix, or any view the app offers
  --format   default: from OUT's extension, else svg
  -o OUT     default: FILE's name with the view and step, in the current directory
  --theme, --lang  the app's theme and interface language (default: light, en)
  --scale    PNG pixels per CSS pixel (default 2)
  --app DIR  the built app (default: dist/, built with vite when missing or older than
             its sources; --build rebuilds it)
`;

interface Options {
  file: string;
  view: string;
  format: Format;
  step?: number;
  out: string;
  theme?: 'light' | 'dark';
  lang?: 'en' | 'ca';
  scale: number;
  app: string;
  build: boolean;
}

function options(argv: readonly string[]): Options {
  // -o is the only short option; the shared parser knows long ones
  const long = argv.map((a) => (a === '-o' ? '--out' : a.startsWith('-o') && !a.startsWith('--') ? `--out=${a.slice(2)}` : a));
  const a = parseArgs(long, EXPORT_FLAGS, 'export');
  if (a.positional.length !== 1)
    throw new CliError(`nslab export: ${a.positional.length ? `one scenario at a time (got ${a.positional.join(' ')})` : 'which scenario?'}\n${EXPORT_USAGE}`, 2);
  const file = a.positional[0];
  const out = a.values.out;
  const fromExt = out ? extname(out).slice(1).toLowerCase() : '';
  const format = (a.values.format ?? ((FORMATS as readonly string[]).includes(fromExt) ? fromExt : 'svg')) as Format;
  if (!FORMATS.includes(format)) throw new CliError(`nslab export: --format must be one of ${FORMATS.join(', ')}, not "${format}"`, 2);
  let step: number | undefined;
  if (a.values.step !== undefined) {
    step = Number(a.values.step);
    if (!/^\d+$/.test(a.values.step)) throw new CliError(`nslab export: --step must be a step number (0, 1, 2 …), not "${a.values.step}"`, 2);
    if (format === 'pdf' || format === 'html') throw new CliError(`nslab export: --step picks one picture; a ${format} deck has every step`, 2);
  }
  const theme = a.values.theme;
  if (theme !== undefined && theme !== 'light' && theme !== 'dark') throw new CliError(`nslab export: --theme must be light or dark, not "${theme}"`, 2);
  const lang = a.values.lang;
  if (lang !== undefined && lang !== 'en' && lang !== 'ca') throw new CliError(`nslab export: --lang must be en or ca, not "${lang}"`, 2);
  const scale = a.values.scale === undefined ? 2 : Number(a.values.scale);
  if (!(scale > 0 && scale <= 8)) throw new CliError(`nslab export: --scale must be a number above 0 and at most 8, not "${a.values.scale}"`, 2);
  if (a.values.scale !== undefined && format !== 'png') throw new CliError('nslab export: --scale goes with --format png', 2);
  const view = a.values.view ?? 'process-tree';
  const stem = basename(file === '-' ? 'stdin' : file).replace(/\.(nslab|json)$/, '');
  const what = format === 'pdf' || format === 'html' ? 'slides' : step === undefined ? 'last' : `step${step}`;
  return {
    file,
    view,
    format,
    step,
    out: out ?? `${stem}-${view}-${what}.${format}`,
    theme,
    lang,
    scale,
    app: resolve(a.values.app ?? process.env.NSLAB_APP_DIR ?? `${REPO}dist`),
    build: a.bools.has('build'),
  };
}

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new CliError(`nslab export: no Chromium at ${CHROMIUM} (apt-get install chromium, or set NSLAB_CHROMIUM)`, 3);
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch (e) {
    throw new CliError(`nslab export: playwright-core is not installed (npm install): ${(e as Error).message}`, 3);
  }
  try {
    return await pw.chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  } catch (e) {
    throw new CliError(`nslab export: Chromium did not start: ${(e as Error).message.split('\n')[0]}`, 3);
  }
}

/** what the page threw: the export's own refusals (unknown view, bad step) are usage errors */
function pageError(e: unknown, problems: string[]): CliError {
  const msg = (e as Error).message ?? String(e);
  const said = msg.match(/nslab-export: ([^]*?)(\n\s+at |$)/);
  if (said) return new CliError(`nslab export: ${said[1].trim()}`, 2);
  return new CliError(`nslab export: the app failed: ${msg.split('\n')[0]}${problems.length ? `\n  page: ${problems.join('\n  page: ')}` : ''}`, 3);
}

export async function exportMain(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(EXPORT_USAGE);
    return 0;
  }
  const t0 = performance.now();
  const o = options(argv);
  const { scenario, name } = await readScenario(o.file, 'export', io);
  const text = await scenarioText(o.file, scenario);
  const title = basename(name).replace(/\.(nslab|json)$/, '');
  try {
    ensureApp(o.app, o.build, (line: string) => io.err(`nslab export: ${line}\n`));
  } catch (e) {
    throw e instanceof CliError ? new CliError(`nslab export: ${e.message}`, e.code) : e;
  }

  const server = await serveApp(o.app);
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.addInitScript(([theme, lang]) => {
      localStorage.setItem('nslab-theme', theme);
      localStorage.setItem('nslab-lang', lang);
    }, [o.theme ?? 'light', o.lang ?? 'en'] as const);
    const tLoad = performance.now();
    let total = 0;
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => !!window.nslabExport && window.nslabExport.steps() >= 0, null, { timeout: 20_000 });
      const ok = await page.evaluate(([t, n]) => window.nslabExport!.load(t, n), [text, title] as const);
      const ready = await page.waitForFunction(() => (window.nslabExport!.steps() >= 0 ? { n: window.nslabExport!.steps() } : null), null, { timeout: 20_000 });
      total = ((await ready.jsonValue()) as { n: number }).n;
      if (!ok) throw new Error('nslab-export: the app could not load the scenario');
    } catch (e) {
      throw pageError(e, problems);
    }
    const loadMs = performance.now() - tLoad;

    const tMake = performance.now();
    let body: Buffer;
    let count = '';
    try {
      if (o.format === 'svg' || o.format === 'png') {
        const got = await page.evaluate(([v, f, k, s]) => window.nslabExport!.view(v, f, k, s), [o.view, o.format, o.step ?? total, o.scale] as const);
        body = o.format === 'svg' ? Buffer.from(got, 'utf8') : Buffer.from(got, 'base64');
      } else {
        const html = await page.evaluate((v) => window.nslabExport!.deck(v, 'html'), o.view);
        count = ` (${(html.match(/<section class="slide"/g) ?? []).length} slides)`;
        if (o.format === 'html') body = Buffer.from(html, 'utf8');
        else {
          const deck = await browser.newPage({ viewport: { width: 1600, height: 900 } });
          await deck.setContent(html, { waitUntil: 'load' });
          body = await deck.pdf({ width: '1600px', height: '900px', printBackground: true, preferCSSPageSize: true });
          await deck.close();
        }
      }
    } catch (e) {
      throw pageError(e, problems);
    }
    const makeMs = performance.now() - tMake;

    await mkdir(dirname(resolve(o.out)), { recursive: true });
    try {
      await writeFile(o.out, body);
    } catch (e) {
      throw new CliError(`nslab export: cannot write ${o.out}: ${(e as Error).message}`, 2);
    }
    const kb = (body.length / 1024).toFixed(1);
    // a PNG's size in pixels (the app lowers the scale when the picture is too big for a canvas)
    if (o.format === 'png' && body.length > 24) count = ` (${body.readUInt32BE(16)}×${body.readUInt32BE(20)} px)`;
    io.err(
      `nslab export: wrote ${o.out}${count}, ${kb} KiB — app loaded in ${Math.round(loadMs)} ms, ${o.format} made in ${Math.round(makeMs)} ms, ` +
        `${Math.round(performance.now() - t0)} ms in all\n`,
    );
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
}

/** the app reads the text form: a text file goes as written (its lines are the slides' lines), the JSON twin and stdin as formatted */
async function scenarioText(file: string, scenario: Scenario): Promise<string> {
  if (file === '-') return formatScenario(scenario);
  const text = await readFile(file, 'utf8');
  return isJsonScenario(text, file) ? formatScenario(scenario) : text;
}
