// A whole scenario as one self-contained HTML file: one slide (an inline SVG)
// per step, CSS and a few lines of script inline, nothing fetched. Keys:
// → ↓ space PageDown next, ← ↑ PageUp back, Home/End, F full screen; the
// slide is kept in the URL's #n. Printed (or page.pdf), every slide is a page.
import { SLIDE_H, SLIDE_W, type SlideColours } from './slide.ts';
import { escapeXml } from './xml.ts';
import { lang, word } from './messages.ts';

export interface DeckSlide {
  /** the step's number and line, for the slide's accessible name */
  label: string;
  svg: string;
}

export function deckHtml(title: string, slides: DeckSlide[], c: SlideColours): string {
  const sections = slides
    .map((s, i) => `<section class="slide" id="slide-${i + 1}" data-step="${i + 1}" aria-label="${escapeXml(s.label)}">${s.svg}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${lang()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nslab">
<title>${escapeXml(title)} — ${word('slides')}</title>
<style>
html, body { margin: 0; height: 100%; background: ${c.page}; color: ${c.ink}; font-family: ${c.sans}; }
.slide { display: none; position: fixed; inset: 0; }
.slide.shown { display: block; }
.slide > svg { width: 100%; height: 100%; display: block; }
.counter { position: fixed; right: 14px; bottom: 8px; font-size: 14px; color: ${c.muted}; }
@page { size: ${SLIDE_W}px ${SLIDE_H}px; margin: 0; }
@media print {
  html, body { height: auto; }
  .slide { display: block; position: static; width: ${SLIDE_W}px; height: ${SLIDE_H}px; break-after: page; overflow: hidden; }
  .slide:last-of-type { break-after: auto; }
  .counter { display: none; }
}
</style>
</head>
<body>
<main>
${sections}
</main>
<div class="counter" aria-live="polite"></div>
<script>
(() => {
  const slides = [...document.querySelectorAll('.slide')];
  const counter = document.querySelector('.counter');
  let at = 0;
  function show(k) {
    at = Math.max(0, Math.min(slides.length - 1, k));
    slides.forEach((s, i) => s.classList.toggle('shown', i === at));
    counter.textContent = (at + 1) + ' / ' + slides.length;
    try { history.replaceState(null, '', '#' + (at + 1)); } catch (e) { /* about:blank, some file viewers */ }
  }
  const NEXT = ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'];
  const BACK = ['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'];
  addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (NEXT.includes(e.key)) show(at + 1);
    else if (BACK.includes(e.key)) show(at - 1);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(slides.length - 1);
    else if (e.key === 'f' || e.key === 'F') {
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen().catch(() => {});
    } else return;
    e.preventDefault();
  });
  addEventListener('click', (e) => show(at + (e.clientX < innerWidth / 3 ? -1 : 1)));
  const n = parseInt(location.hash.slice(1), 10);
  show(Number.isInteger(n) ? n - 1 : 0);
})();
</script>
</body>
</html>
`;
}
