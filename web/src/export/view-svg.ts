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
  const out: string[] = [];
  const bounds = new Bounds();
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
      out.push(new XMLSerializer().serializeToString(copy).replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, ''));
      bounds.add(r.left, r.top, r.width, r.height);
      return;
    }
    if (el instanceof SVGElement) return; // an <svg>'s insides travel with it
    const opacity = Number(cs.opacity);
    if (opacity === 0) return;
    if (opacity < 1) out.push(`<g opacity="${num(opacity)}">`);
    if (cs.visibility !== 'hidden') box(el, cs);
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) text(n as Text, cs);
      else if (n.nodeType === Node.ELEMENT_NODE) walk(n as Element);
    }
    if (opacity < 1) out.push('</g>');
  };

  const box = (el: Element, cs: CSSStyleDeclaration): void => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const rx = Math.min(parseFloat(cs.borderTopLeftRadius) || 0, r.width / 2, r.height / 2);
    if (!TRANSPARENT.test(cs.backgroundColor)) {
      out.push(`<rect x="${num(r.left)}" y="${num(r.top)}" width="${num(r.width)}" height="${num(r.height)}"${rx ? ` rx="${num(rx)}"` : ''} fill="${cs.backgroundColor}"/>`);
      bounds.add(r.left, r.top, r.width, r.height);
    }
    const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map((s) => ({
      w: parseFloat(cs.getPropertyValue(`border-${s.toLowerCase()}-width`)) || 0,
      style: cs.getPropertyValue(`border-${s.toLowerCase()}-style`),
      colour: cs.getPropertyValue(`border-${s.toLowerCase()}-color`),
    }));
    const shown = sides.map((s) => s.w > 0 && s.style !== 'none' && s.style !== 'hidden' && !TRANSPARENT.test(s.colour));
    if (!shown.some(Boolean)) return;
    bounds.add(r.left, r.top, r.width, r.height);
    const dash = (s: (typeof sides)[number]) =>
      s.style === 'dashed' ? ` stroke-dasharray="${num(3 * s.w)} ${num(2 * s.w)}"` : s.style === 'dotted' ? ` stroke-dasharray="${num(s.w)}"` : '';
    const same = shown.every(Boolean) && sides.every((s) => s.w === sides[0].w && s.colour === sides[0].colour && s.style === sides[0].style);
    if (same) {
      const s = sides[0];
      out.push(
        `<rect x="${num(r.left + s.w / 2)}" y="${num(r.top + s.w / 2)}" width="${num(r.width - s.w)}" height="${num(r.height - s.w)}"` +
          `${rx ? ` rx="${num(Math.max(0, rx - s.w / 2))}"` : ''} fill="none" stroke="${s.colour}" stroke-width="${num(s.w)}"${dash(s)}/>`,
      );
      return;
    }
    const [t, rt, b, l] = sides;
    const line = (s: (typeof sides)[number], x1: number, y1: number, x2: number, y2: number) =>
      out.push(`<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${s.colour}" stroke-width="${num(s.w)}"${dash(s)}/>`);
    if (shown[0]) line(t, r.left, r.top + t.w / 2, r.right, r.top + t.w / 2);
    if (shown[1]) line(rt, r.right - rt.w / 2, r.top, r.right - rt.w / 2, r.bottom);
    if (shown[2]) line(b, r.left, r.bottom - b.w / 2, r.right, r.bottom - b.w / 2);
    if (shown[3]) line(l, r.left + l.w / 2, r.top, r.left + l.w / 2, r.bottom);
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
      ` font-family="${escapeXml(cs.fontFamily)}" font-size="${cs.fontSize}"` +
      (cs.fontWeight !== '400' ? ` font-weight="${cs.fontWeight}"` : '') +
      (cs.fontStyle !== 'normal' ? ` font-style="${cs.fontStyle}"` : '') +
      (cs.letterSpacing !== 'normal' ? ` letter-spacing="${cs.letterSpacing}"` : '') +
      (cs.textDecorationLine !== 'none' ? ` text-decoration="${cs.textDecorationLine}"` : '') +
      ` fill="${cs.color}"` +
      (pre ? ' xml:space="preserve"' : '');
    for (const l of lines) {
      const s = transform(pre ? l.text : l.text.replace(/\s+/g, ' ').trimEnd(), cs.textTransform);
      const baseline = l.top + (l.h - (m.ascent + m.descent)) / 2 + m.ascent;
      out.push(`<text x="${num(l.x)}" y="${num(baseline)}"${attrs}>${escapeXml(s)}</text>`);
    }
  };

  walk(root);
  if (bounds.empty) {
    const r = root.getBoundingClientRect();
    bounds.add(r.left, r.top, Math.max(1, r.width), Math.max(1, r.height));
  }
  const width = Math.ceil(bounds.x1 - bounds.x0 + 2 * pad);
  const height = Math.ceil(bounds.y1 - bounds.y0 + 2 * pad);
  const bg = options.background ?? backgroundOf(root);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="${bg}"/>` +
    `<g transform="translate(${num(pad - bounds.x0)},${num(pad - bounds.y0)})">${out.join('')}</g></svg>`;
  return { svg, width, height };
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
