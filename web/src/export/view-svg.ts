// One picture of a view as the app shows it: its DOM, flattened into a
// standalone SVG. <svg> parts (the process tree) are copied with their styles
// inlined; HTML parts (tables, legends) become the rectangles, borders and
// text the browser laid out, read from their boxes. There is no second
// drawing of any view: whatever the component rendered is what is exported.
//
// Invariant: coordinates are the page's (getBoundingClientRect), shifted so
// the union of everything drawn starts at `padding`; content a panel scrolls
// or clips is included whole.
import { inlineSvg } from './svg-inline.ts';
import { escapeXml, num } from './xml.ts';

export interface ViewPicture {
  /** a complete SVG document (with the XML namespace), ready for a file */
  svg: string;
  width: number;
  height: number;
}

export interface ViewSvgOptions {
  /** prefix for ids copied from inner <svg>s, so several pictures can share one document */
  idPrefix?: string;
  padding?: number;
  /** the picture's background; default: the first opaque background above `root` */
  background?: string;
  /** empty bands taller than this are closed to this height (default 28) */
  maxGap?: number;
}

const TRANSPARENT = /^(transparent|rgba\(.*,\s*0\))$/;

class Bounds {
  x0 = Infinity;
  y0 = Infinity;
  x1 = -Infinity;
  y1 = -Infinity;
  add(x: number, y: number, w: number, h: number) {
    this.x0 = Math.min(this.x0, x);
    this.y0 = Math.min(this.y0, y);
    this.x1 = Math.max(this.x1, x + w);
    this.y1 = Math.max(this.y1, y + h);
  }
  get empty() {
    return !(this.x1 > this.x0 && this.y1 > this.y0);
  }
}

export function viewToSvg(root: Element, options: ViewSvgOptions = {}): ViewPicture {
  const pad = options.padding ?? 16;
  const prefix = options.idPrefix ?? 'v-';
  /** what is drawn, each piece with its vertical extent (for closing empty bands) */
  const out: Piece[] = [];
  const bounds = new Bounds();
  /** the piece being drawn covers this much; reset by each push */
  let span: [number, number] = [Infinity, -Infinity];
  const cover = (y: number, h: number) => {
    span = [Math.min(span[0], y), Math.max(span[1], y + h)];
  };
  const push = (markup: string) => {
    out.push({ markup, top: span[0], bottom: span[1] });
    span = [Infinity, -Infinity];
  };
  let inner = 0;
  const metrics = new FontMetrics();

  const walk = (el: Element): void => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none') return;
    if (el instanceof SVGSVGElement) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') return;
      const copy = inlineSvg(el, `${prefix}${inner++}-`).element;
      copy.setAttribute('x', num(r.left));
      copy.setAttribute('y', num(r.top));
      copy.setAttribute('width', num(r.width));
      copy.setAttribute('height', num(r.height));
      copy.removeAttribute('xmlns');
      bounds.add(r.left, r.top, r.width, r.height);
      cover(r.top, r.height);
      push(new XMLSerializer().serializeToString(copy).replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, ''));
      return;
    }
    if (el instanceof SVGElement) return; // an <svg>'s insides travel with it
    const opacity = Number(cs.opacity);
    if (opacity === 0) return;
    if (opacity < 1) out.push({ markup: `<g opacity="${num(opacity)}">`, top: Infinity, bottom: -Infinity });
    if (cs.visibility !== 'hidden') {
      box(el, cs);
      swatch(el);
      if (control(el, cs)) {
        if (opacity < 1) out.push({ markup: '</g>', top: Infinity, bottom: -Infinity });
        return;
      }
    }
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) text(n as Text, cs);
      else if (n.nodeType === Node.ELEMENT_NODE) walk(n as Element);
    }
    if (opacity < 1) out.push({ markup: '</g>', top: Infinity, bottom: -Infinity });
  };

  /** a ::before that is a coloured box with no text (a legend's key): at the start of its element, centred on its line */
  const swatch = (el: Element): void => {
    const ps = getComputedStyle(el, '::before');
    if (ps.content === 'none' || ps.content === 'normal' || ps.content.replace(/["']/g, '') !== '' || TRANSPARENT.test(ps.backgroundColor)) return;
    const w = parseFloat(ps.width);
    const h = parseFloat(ps.height);
    if (!(w > 0 && h > 0)) return;
    const r = el.getBoundingClientRect();
    const x = r.left + parseFloat(getComputedStyle(el).paddingLeft || '0') + (parseFloat(ps.marginLeft) || 0);
    const y = r.top + (r.height - h) / 2;
    const rx = Math.min(parseFloat(ps.borderTopLeftRadius) || 0, w / 2, h / 2);
    bounds.add(x, y, w, h);
    cover(y, h);
    push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}"${rx ? ` rx="${num(rx)}"` : ''} fill="${ps.backgroundColor}"/>`);
  };

  const box = (el: Element, cs: CSSStyleDeclaration): void => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const rx = Math.min(parseFloat(cs.borderTopLeftRadius) || 0, r.width / 2, r.height / 2);
    if (!TRANSPARENT.test(cs.backgroundColor)) {
      bounds.add(r.left, r.top, r.width, r.height);
      cover(r.top, r.height);
      push(`<rect x="${num(r.left)}" y="${num(r.top)}" width="${num(r.width)}" height="${num(r.height)}"${rx ? ` rx="${num(rx)}"` : ''} fill="${cs.backgroundColor}"/>`);
    }
    const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map((s) => ({
      w: parseFloat(cs.getPropertyValue(`border-${s.toLowerCase()}-width`)) || 0,
      style: cs.getPropertyValue(`border-${s.toLowerCase()}-style`),
      colour: cs.getPropertyValue(`border-${s.toLowerCase()}-color`),
    }));
    const shown = sides.map((s) => s.w > 0 && s.style !== 'none' && s.style !== 'hidden' && !TRANSPARENT.test(s.colour));
    if (!shown.some(Boolean)) return;
    bounds.add(r.left, r.top, r.width, r.height);
    cover(r.top, r.height);
    const dash = (s: (typeof sides)[number]) =>
      s.style === 'dashed' ? ` stroke-dasharray="${num(3 * s.w)} ${num(2 * s.w)}"` : s.style === 'dotted' ? ` stroke-dasharray="${num(s.w)}"` : '';
    const same = shown.every(Boolean) && sides.every((s) => s.w === sides[0].w && s.colour === sides[0].colour && s.style === sides[0].style);
    if (same) {
      const s = sides[0];
      push(
        `<rect x="${num(r.left + s.w / 2)}" y="${num(r.top + s.w / 2)}" width="${num(r.width - s.w)}" height="${num(r.height - s.w)}"` +
          `${rx ? ` rx="${num(Math.max(0, rx - s.w / 2))}"` : ''} fill="none" stroke="${s.colour}" stroke-width="${num(s.w)}"${dash(s)}/>`,
      );
      return;
    }
    const [t, rt, b, l] = sides;
    const line = (s: (typeof sides)[number], x1: number, y1: number, x2: number, y2: number) => {
      cover(r.top, r.height);
      push(`<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${s.colour}" stroke-width="${num(s.w)}"${dash(s)}/>`);
    };
    if (shown[0]) line(t, r.left, r.top + t.w / 2, r.right, r.top + t.w / 2);
    if (shown[1]) line(rt, r.right - rt.w / 2, r.top, r.right - rt.w / 2, r.bottom);
    if (shown[2]) line(b, r.left, r.bottom - b.w / 2, r.right, r.bottom - b.w / 2);
    if (shown[3]) line(l, r.left + l.w / 2, r.top, r.left + l.w / 2, r.bottom);
  };

  /** a form control's state, which is not in its child nodes: a tick, a choice, a typed value. True iff `el` is one. */
  const control = (el: Element, cs: CSSStyleDeclaration): boolean => {
    const r = el.getBoundingClientRect();
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      const size = Math.min(r.width, r.height);
      const [x, y] = [r.left + (r.width - size) / 2, r.top + (r.height - size) / 2];
      const accent = cs.accentColor && cs.accentColor !== 'auto' ? cs.accentColor : cssVar(el, '--accent', '#2f5fa8');
      const ink = el.disabled ? '#9aa0a6' : el.checked ? accent : '#767676';
      bounds.add(x, y, size, size);
      cover(y, size);
      if (el.type === 'radio') {
        const c = `cx="${num(x + size / 2)}" cy="${num(y + size / 2)}"`;
        push(`<circle ${c} r="${num(size / 2 - 0.75)}" fill="#ffffff" stroke="${ink}" stroke-width="1.5"/>` + (el.checked ? `<circle ${c} r="${num(size / 4)}" fill="${ink}"/>` : ''));
      } else {
        const tick = `M${num(x + size * 0.22)},${num(y + size * 0.52)} L${num(x + size * 0.42)},${num(y + size * 0.72)} L${num(x + size * 0.78)},${num(y + size * 0.3)}`;
        push(
          `<rect x="${num(x + 0.75)}" y="${num(y + 0.75)}" width="${num(size - 1.5)}" height="${num(size - 1.5)}" rx="2" fill="${el.checked ? ink : '#ffffff'}" stroke="${ink}" stroke-width="1.5"/>` +
            (el.checked ? `<path d="${tick}" fill="none" stroke="#ffffff" stroke-width="${num(size / 8)}" stroke-linecap="round" stroke-linejoin="round"/>` : ''),
        );
      }
      return true;
    }
    let value: string | undefined;
    if (el instanceof HTMLSelectElement) value = el.selectedOptions[0]?.textContent ?? '';
    else if (el instanceof HTMLInputElement && !['button', 'submit', 'reset', 'hidden', 'range', 'color', 'file', 'image'].includes(el.type)) value = el.value;
    else if (el instanceof HTMLTextAreaElement) value = el.value;
    else return false;
    const left = r.left + (parseFloat(cs.borderLeftWidth) || 0) + (parseFloat(cs.paddingLeft) || 0);
    const h = metrics.of(cs);
    const lineH = h.ascent + h.descent;
    const lines = (value || '').split('\n');
    const top0 = el instanceof HTMLTextAreaElement ? r.top + (parseFloat(cs.borderTopWidth) || 0) + (parseFloat(cs.paddingTop) || 0) : r.top + (r.height - lineH) / 2;
    lines.forEach((line, i) => {
      if (!line) return;
      cover(top0 + i * lineH, lineH);
      push(`<text x="${num(left)}" y="${num(top0 + i * lineH + h.ascent)}"${fontAttrs(cs)} fill="${cs.color}" xml:space="preserve">${escapeXml(line)}</text>`);
    });
    if (el instanceof HTMLSelectElement) {
      cover(r.top, r.height);
      push(`<text x="${num(r.right - 8)}" y="${num(r.top + (r.height - lineH) / 2 + h.ascent)}" text-anchor="end"${fontAttrs(cs)} fill="${cs.color}">▾</text>`);
    }
    return true;
  };

  const text = (node: Text, cs: CSSStyleDeclaration): void => {
    const data = node.data;
    const pre = /^(pre|break-spaces)/.test(cs.whiteSpace);
    if (!data.trim() || cs.visibility === 'hidden' || TRANSPARENT.test(cs.color)) return;
    // a laid-out line is a run of tokens with the same top: words, or for preformatted text its lines
    const tokens = pre ? [...data.matchAll(/[^\n]+/g)] : [...data.matchAll(/\S+\s*/g)];
    const range = document.createRange();
    const lines: { x: number; top: number; h: number; text: string }[] = [];
    for (const t of tokens) {
      const start = t.index ?? 0;
      range.setStart(node, start);
      range.setEnd(node, start + t[0].length);
      const r = [...range.getClientRects()].find((q) => q.width > 0);
      if (!r) continue;
      const last = lines[lines.length - 1];
      if (!pre && last && Math.abs(last.top - r.top) < 1) last.text += t[0];
      else lines.push({ x: r.left, top: r.top, h: r.height, text: t[0] });
      bounds.add(r.left, r.top, r.width, r.height);
    }
    if (!lines.length) return;
    const m = metrics.of(cs);
    const attrs =
      fontAttrs(cs) +
      (cs.textDecorationLine !== 'none' ? ` text-decoration="${cs.textDecorationLine}"` : '') +
      ` fill="${cs.color}"` +
      (pre ? ' xml:space="preserve"' : '');
    for (const l of lines) {
      const s = transform(pre ? l.text : l.text.replace(/\s+/g, ' ').trimEnd(), cs.textTransform);
      const baseline = l.top + (l.h - (m.ascent + m.descent)) / 2 + m.ascent;
      cover(l.top, l.h);
      push(`<text x="${num(l.x)}" y="${num(baseline)}"${attrs}>${escapeXml(s)}</text>`);
    }
  };

  const restore = unscroll(root);
  try {
    walk(root);
  } finally {
    restore();
  }
  if (bounds.empty) {
    const r = root.getBoundingClientRect();
    bounds.add(r.left, r.top, Math.max(1, r.width), Math.max(1, r.height));
  }
  const closed = closeEmptyBands(out, options.maxGap ?? 28);
  bounds.y1 -= closed;
  const width = Math.ceil(bounds.x1 - bounds.x0 + 2 * pad);
  const height = Math.ceil(bounds.y1 - bounds.y0 + 2 * pad);
  const bg = options.background ?? backgroundOf(root);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="${bg}"/>` +
    `<g transform="translate(${num(pad - bounds.x0)},${num(pad - bounds.y0)})">${out.map((p) => p.markup).join('')}</g></svg>`;
  return { svg, width, height };
}

function fontAttrs(cs: CSSStyleDeclaration): string {
  return (
    ` font-family="${escapeXml(cs.fontFamily)}" font-size="${cs.fontSize}"` +
    (cs.fontWeight !== '400' ? ` font-weight="${cs.fontWeight}"` : '') +
    (cs.fontStyle !== 'normal' ? ` font-style="${cs.fontStyle}"` : '') +
    (cs.letterSpacing !== 'normal' ? ` letter-spacing="${cs.letterSpacing}"` : '')
  );
}

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/**
 * A panel that scrolls shows part of its content on screen; the picture shows
 * all of it. Every scrolled box under `root` is let grow to its content for
 * the time of the reading (what follows it moves down, nothing overlaps);
 * the returned function puts the page back as it was.
 */
function unscroll(root: Element): () => void {
  const changed = new Map<HTMLElement, string | null>();
  const grow = (el: HTMLElement, tall: boolean, wide: boolean) => {
    if (!changed.has(el)) changed.set(el, el.getAttribute('style'));
    el.style.setProperty('overflow', 'visible', 'important');
    if (tall) {
      el.style.setProperty('height', 'auto', 'important');
      el.style.setProperty('max-height', 'none', 'important');
      el.style.setProperty('flex', 'none', 'important');
    }
    if (wide) {
      el.style.setProperty('width', 'max-content', 'important');
      el.style.setProperty('max-width', 'none', 'important');
    }
  };
  const overflows = (el: HTMLElement) => [el.scrollHeight > el.clientHeight + 1, el.scrollWidth > el.clientWidth + 1] as const;
  // first the boxes that scroll or clip; then, as often as it takes, the boxes around them that a grown box now makes overflow
  for (const el of root.querySelectorAll<HTMLElement>('*')) {
    if (!(el instanceof HTMLElement) || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) continue;
    const cs = getComputedStyle(el);
    if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
    const [tall, wide] = overflows(el);
    if (tall || wide) grow(el, tall, wide);
  }
  for (let pass = 0; pass < 4 && changed.size; pass++) {
    let more = false;
    for (const el of [...changed.keys()]) {
      for (let up = el.parentElement; up && up !== root && root.contains(up); up = up.parentElement) {
        // only taller: a box made as wide as its widest line would set every paragraph in it on one line
        const [tall] = overflows(up);
        if (tall && getComputedStyle(up).display !== 'inline') {
          more ||= !changed.has(up);
          grow(up, true, false);
        }
      }
    }
    if (!more) break;
  }
  return () => {
    for (const [el, style] of [...changed].reverse()) {
      if (style === null) el.removeAttribute('style');
      else el.setAttribute('style', style);
    }
  };
}

interface Piece {
  markup: string;
  /** vertical extent in page coordinates; empty (Infinity, -Infinity) for group brackets */
  top: number;
  bottom: number;
}

/**
 * A panel taller than its content leaves a band with nothing in it (a tree at
 * the top, its legend at the bottom). Bands taller than `maxGap` are closed
 * to `maxGap`, moving what is below them up; nothing drawn spans such a band,
 * so nothing is cut. Returns how much the picture got shorter.
 */
function closeEmptyBands(pieces: Piece[], maxGap: number): number {
  const drawn = pieces.filter((p) => p.bottom > p.top).sort((a, b) => a.top - b.top);
  if (!drawn.length) return 0;
  const cuts: { at: number; by: number }[] = [];
  let reach = drawn[0].bottom;
  for (const p of drawn) {
    if (p.top - reach > maxGap) cuts.push({ at: p.top, by: p.top - reach - maxGap });
    reach = Math.max(reach, p.bottom);
  }
  if (!cuts.length) return 0;
  for (const p of pieces) {
    if (!(p.bottom > p.top)) continue;
    const shift = cuts.filter((c) => p.top >= c.at).reduce((sum, c) => sum + c.by, 0);
    if (shift) p.markup = `<g transform="translate(0,${num(-shift)})">${p.markup}</g>`;
  }
  return cuts.reduce((sum, c) => sum + c.by, 0);
}

/** the first opaque background at or above `el` (the page's, at the latest) */
export function backgroundOf(el: Element | null): string {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (!TRANSPARENT.test(c)) return c;
  }
  return '#ffffff';
}

function transform(s: string, how: string): string {
  if (how === 'uppercase') return s.toUpperCase();
  if (how === 'lowercase') return s.toLowerCase();
  if (how === 'capitalize') return s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  return s;
}

/** where a font's baseline sits in its line box, measured once per font */
class FontMetrics {
  #ctx = document.createElement('canvas').getContext('2d');
  #cache = new Map<string, { ascent: number; descent: number }>();
  of(cs: CSSStyleDeclaration): { ascent: number; descent: number } {
    const font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    let m = this.#cache.get(font);
    if (!m) {
      const size = parseFloat(cs.fontSize) || 16;
      m = { ascent: 0.8 * size, descent: 0.2 * size };
      if (this.#ctx) {
        this.#ctx.font = font;
        const t = this.#ctx.measureText('Hg');
        if (t.fontBoundingBoxAscent) m = { ascent: t.fontBoundingBoxAscent, descent: t.fontBoundingBoxDescent };
      }
      this.#cache.set(font, m);
    }
    return m;
  }
}
