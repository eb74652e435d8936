// One slide of a deck, as one SVG: the step's line of the scenario and what it
// returned above, the view after the step on the left, what it printed on the
// right. The view is the picture view-svg.ts took of the app's own component.
import type { StepOutcome } from '../protocol.ts';
import type { ViewPicture } from './view-svg.ts';
import { escapeXml, num } from './xml.ts';
import { word } from './messages.ts';

export const SLIDE_W = 1600;
export const SLIDE_H = 900;

/** the app's theme, read from its CSS variables when the deck is made */
export interface SlideColours {
  page: string;
  surface: string;
  ink: string;
  muted: string;
  accent: string;
  line: string;
  term: string;
  good: string;
  bad: string;
  sans: string;
  mono: string;
}

export function themeColours(root: Element = document.documentElement): SlideColours {
  const cs = getComputedStyle(root);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    page: v('--page', '#eef1f4'),
    surface: v('--surface', '#ffffff'),
    ink: v('--ink', '#1d232a'),
    muted: v('--muted', '#59636e'),
    accent: v('--accent', '#2f5fa8'),
    line: v('--line', '#c9cfd6'),
    term: v('--term-bg', '#fbfbf8'),
    good: v('--good', '#1e7a3c'),
    bad: v('--bad', '#b3261e'),
    sans: v('--sans', 'sans-serif'),
    mono: v('--mono', 'monospace'),
  };
}

export interface SlideInput {
  scenario: string;
  total: number;
  step: StepOutcome;
  view: ViewPicture;
  colours: SlideColours;
  /** makes this slide's ids unique in a deck */
  idPrefix: string;
}

const MARGIN = 40;
const BODY_TOP = 150;
const BODY_H = SLIDE_H - BODY_TOP - 30;
/** a small view is enlarged up to this much, no more (one task must not fill the slide) */
const MAX_ENLARGE = 1.6;
/** width of a monospace glyph, in ems (DejaVu Sans Mono, JetBrains Mono: 0.6) */
const MONO_EM = 0.6;

export function slideSvg(s: SlideInput): string {
  const c = s.colours;
  const o = s.step;
  const out = o.output.replace(/\s+$/, '');
  const parts: string[] = [];
  parts.push(`<rect width="${SLIDE_W}" height="${SLIDE_H}" fill="${c.page}"/>`);

  // header: where we are, what the step returned, the line itself
  parts.push(text(MARGIN, 56, word('stepOf', { name: s.scenario, k: o.index, n: s.total }), { size: 24, fill: c.muted, family: c.sans }));
  const verdict = o.expected !== undefined ? `  ${o.ok ? word('asExpected') : word('expected', { what: o.expected })}` : o.error ? `  ✗ ${o.error}` : '';
  const result = `= ${o.value}${verdict}`;
  const resultSize = fit(result, 26, SLIDE_W / 2 - MARGIN, 14);
  parts.push(
    text(SLIDE_W - MARGIN, 56, clip(result, resultSize, SLIDE_W / 2 - MARGIN), {
      size: resultSize,
      fill: o.ok ? (verdict ? c.good : c.ink) : c.bad,
      family: c.mono,
      weight: 700,
      anchor: 'end',
    }),
  );
  const code = `${o.actor}$ ${o.text}`;
  const codeSize = fit(code, 38, SLIDE_W - 2 * MARGIN, 16);
  parts.push(
    `<text x="${MARGIN}" y="112" font-family="${escapeXml(c.mono)}" font-size="${codeSize}" font-weight="700" xml:space="preserve">` +
      `<tspan fill="${c.accent}">${escapeXml(o.actor)}$</tspan><tspan fill="${c.ink}"> ${escapeXml(clip(o.text, codeSize, SLIDE_W - 2 * MARGIN - (o.actor.length + 2) * codeSize * MONO_EM))}</tspan></text>`,
  );
  parts.push(`<line x1="${MARGIN}" y1="132" x2="${SLIDE_W - MARGIN}" y2="132" stroke="${c.line}" stroke-width="2"/>`);

  // body: the view, and the output beside it when the step printed something
  const outW = out ? 500 : 0;
  const viewW = SLIDE_W - 2 * MARGIN - (out ? outW + 30 : 0);
  parts.push(nestView(s.view, MARGIN, BODY_TOP, viewW, BODY_H));
  if (out) parts.push(outputPanel(out, SLIDE_W - MARGIN - outW, BODY_TOP, outW, BODY_H, c, s.idPrefix));

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SLIDE_W}" height="${SLIDE_H}" viewBox="0 0 ${SLIDE_W} ${SLIDE_H}" ` +
    `role="img" aria-label="${escapeXml(`step ${o.index}: ${code}`)}">${parts.join('')}</svg>`
  );
}

/** the view's picture scaled into the box (never enlarged past MAX_ENLARGE), centred at the top */
function nestView(v: ViewPicture, x: number, y: number, w: number, h: number): string {
  const k = Math.min(w / v.width, h / v.height, MAX_ENLARGE);
  const vw = v.width * k;
  const vh = v.height * k;
  const inner = v.svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '');
  return (
    `<svg x="${num(x + (w - vw) / 2)}" y="${num(y)}" width="${num(vw)}" height="${num(vh)}" viewBox="0 0 ${v.width} ${v.height}">` +
    `${inner}</svg>`
  );
}

function outputPanel(out: string, x: number, y: number, w: number, h: number, c: SlideColours, prefix: string): string {
  const pad = 16;
  let lines = out.split('\n');
  const longest = Math.max(...lines.map((l) => l.length), 1);
  const size = Math.max(10, Math.min(24, (h - 2 * pad) / (lines.length * 1.3), (w - 2 * pad) / (longest * MONO_EM)));
  const room = Math.floor((h - 2 * pad) / (size * 1.3));
  if (lines.length > room) lines = [...lines.slice(0, room - 1), word('moreLines', { n: lines.length - room + 1 })];
  // a short output gets a box its size, not the whole column
  h = Math.min(h, 2 * pad + size * 1.3 * lines.length + size * 0.4);
  const id = `${prefix}out`;
  const rows = lines
    .map((l, i) => `<text x="${x + pad}" y="${num(y + pad + size * (1.3 * i + 1))}" xml:space="preserve">${escapeXml(l)}</text>`)
    .join('');
  return (
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="12" fill="${c.term}" stroke="${c.line}" stroke-width="2"/>` +
    `<clipPath id="${id}"><rect x="${x + 4}" y="${y + 4}" width="${w - 8}" height="${h - 8}"/></clipPath>` +
    `<g clip-path="url(#${id})" font-family="${escapeXml(c.mono)}" font-size="${num(size)}" fill="${c.ink}">${rows}</g>`
  );
}

interface TextStyle {
  size: number;
  fill: string;
  family: string;
  weight?: number;
  anchor?: 'start' | 'end';
}

function text(x: number, y: number, s: string, t: TextStyle): string {
  return (
    `<text x="${x}" y="${y}" font-family="${escapeXml(t.family)}" font-size="${num(t.size)}" fill="${t.fill}"` +
    `${t.weight ? ` font-weight="${t.weight}"` : ''}${t.anchor === 'end' ? ' text-anchor="end"' : ''} xml:space="preserve">${escapeXml(s)}</text>`
  );
}

/** the largest size ≤ max at which monospace `s` fits `w`, not below min */
function fit(s: string, max: number, w: number, min: number): number {
  return Math.max(min, Math.min(max, w / (Math.max(1, s.length) * MONO_EM)));
}

/** `s` cut with an ellipsis to fit `w` at `size` (monospace estimate) */
function clip(s: string, size: number, w: number): string {
  const room = Math.floor(w / (size * MONO_EM));
  return s.length <= room ? s : s.slice(0, Math.max(1, room - 1)) + '…';
}
