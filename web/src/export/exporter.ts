// What the export menu and `nslab export` ask for: a view as SVG or PNG, a
// scenario as a deck (HTML or PDF). Every picture is taken of the view the app
// has on screen, after moving the app's own timeline to the step wanted; the
// app is put back on its step and view afterwards.
import { tick } from 'svelte';
export { ExportError, fileBase, resolveView, viewNames, type ExportHost } from './names.ts';
import { ExportError, resolveView, type ExportHost } from './names.ts';
import { viewToSvg, type ViewPicture } from './view-svg.ts';
import { rasterize } from './raster.ts';
import { slideSvg, themeColours, SLIDE_H, SLIDE_W } from './slide.ts';
import { deckHtml, type DeckSlide } from './deck-html.ts';
import { imagesPdf } from './pdf-writer.ts';

/** after Svelte has drawn, and the browser has laid out what it drew (sizes bound with bind:clientWidth re-run once) */
async function settle(): Promise<void> {
  await tick();
  for (let i = 0; i < 2; i++) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 100); // no frames in a hidden tab
      requestAnimationFrame(() => {
        clearTimeout(t);
        resolve();
      });
    });
    await tick();
  }
}

function ready(host: ExportHost): void {
  if (!host.lab.view) throw new ExportError(host.lab.errors.length ? 'the scenario has errors: fix them before exporting' : 'no machine to export yet');
}

/** The shown view (or `view`) at the shown step (or `step`), as one SVG picture. */
export async function pictureOf(host: ExportHost, view?: string, step?: number, idPrefix?: string): Promise<ViewPicture> {
  ready(host);
  if (view !== undefined) {
    const id = resolveView(host, view);
    if (host.shown() !== id) host.show(id);
  }
  if (step !== undefined && step !== host.lab.at) {
    if (!Number.isInteger(step) || step < 0 || step > host.lab.total)
      throw new ExportError(`step ${step} does not exist (the scenario has steps 0 to ${host.lab.total})`);
    await host.lab.goto(step);
  }
  // a big tree draws only the cards near its viewport; a picture wants every card (ProcessTree.svelte)
  dispatchEvent(new CustomEvent('nslab:render-all', { detail: true }));
  try {
    await settle();
    const el = host.viewElement();
    if (!el) throw new ExportError('no view on screen to export');
    return viewToSvg(el, { idPrefix });
  } finally {
    dispatchEvent(new CustomEvent('nslab:render-all', { detail: false }));
  }
}

/** Chromium's canvas limits: 32,767 px a side, 268 million px in all (a 1,000-task tree is 40,000 px wide) */
const CANVAS_SIDE = 32_767;
const CANVAS_AREA = 268_000_000;

/** the scale asked for, or the largest below it that the browser can draw */
export function pngScale(picture: ViewPicture, scale: number): number {
  return Math.min(scale, CANVAS_SIDE / picture.width, CANVAS_SIDE / picture.height, Math.sqrt(CANVAS_AREA / (picture.width * picture.height)));
}

export async function viewPng(picture: ViewPicture, scale = 2): Promise<Blob> {
  return rasterize(picture.svg, picture.width, picture.height, { scale: pngScale(picture, scale) });
}

export interface DeckProgress {
  (done: number, total: number): void;
}

/** One slide per step (1..total) of the shown view, the app walking its timeline; it returns to where it was. */
export async function deckSlides(host: ExportHost, view?: string, progress?: DeckProgress): Promise<DeckSlide[]> {
  ready(host);
  const { lab } = host;
  if (lab.total === 0) throw new ExportError('the scenario has no steps: a deck needs at least one');
  const back = { step: lab.at, view: host.shown() };
  const colours = themeColours();
  const slides: DeckSlide[] = [];
  try {
    for (let k = 1; k <= lab.total; k++) {
      const picture = await pictureOf(host, view, k, `s${k}-`);
      const step = lab.view?.outcomes[k - 1];
      if (!step) throw new ExportError(`step ${k} gave no outcome`);
      slides.push({
        label: `step ${k} of ${lab.total}: ${step.actor}$ ${step.text}`,
        svg: slideSvg({ scenario: lab.name, total: lab.total, step, view: picture, colours, idPrefix: `s${k}-` }),
      });
      progress?.(k, lab.total);
    }
  } finally {
    if (host.shown() !== back.view) host.show(back.view);
    await lab.goto(back.step);
  }
  return slides;
}

export async function deckHtmlOf(host: ExportHost, view?: string, progress?: DeckProgress): Promise<string> {
  const slides = await deckSlides(host, view, progress);
  return deckHtml(host.lab.name, slides, themeColours());
}

/** the deck as a PDF made in the browser: each slide drawn to a JPEG page (the CLI's PDF is vector, from Chromium) */
export async function deckPdfOf(host: ExportHost, view?: string, progress?: DeckProgress): Promise<Blob> {
  const slides = await deckSlides(host, view, progress);
  const scale = 1.5;
  const pages = [];
  for (const s of slides) {
    const jpeg = await rasterize(s.svg, SLIDE_W, SLIDE_H, { scale, type: 'image/jpeg', quality: 0.9 });
    pages.push({ jpeg: new Uint8Array(await jpeg.arrayBuffer()), width: SLIDE_W * scale, height: SLIDE_H * scale });
  }
  return new Blob([imagesPdf(pages, `${host.lab.name} — nslab slides`) as BlobPart], { type: 'application/pdf' });
}
