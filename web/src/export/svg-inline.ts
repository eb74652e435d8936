// A copy of an <svg> the app drew, with every style that a stylesheet or a
// CSS variable gave it written on the elements themselves, so that the copy
// looks the same standing alone (in a file, an <img>, a slide).
//
// Invariant: the copy is made from the live element and its computed style;
// nothing here knows what a view draws.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** inherited presentation properties: written where they differ from the parent's */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'paint-order',
  'visibility',
] as const;

/** properties that do not inherit: written where they differ from their initial value */
const OWN: Record<string, string> = { opacity: '1', 'text-decoration-line': 'none' };

/** attributes of the app's interaction, meaningless in a picture */
const DROP_ATTRS = ['role', 'tabindex', 'aria-pressed', 'aria-selected', 'aria-controls', 'data-zoom'];

export interface InlinedSvg {
  /** the copy, ready for XMLSerializer */
  element: SVGSVGElement;
  /** its natural size, from its viewBox (or its on-screen size without one) */
  width: number;
  height: number;
}

/**
 * Copy `svg` with its computed styles inlined. `idPrefix` renames every id
 * (and its url(#..)/href references) so that several copies can share one
 * HTML document.
 */
export function inlineSvg(svg: SVGSVGElement, idPrefix = ''): InlinedSvg {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copyStyles(svg, copy, null);
  tidy(copy);
  if (idPrefix) renameIds(copy, idPrefix);
  const vb = svg.viewBox.baseVal;
  const box = svg.getBoundingClientRect();
  const width = vb && vb.width ? vb.width : box.width;
  const height = vb && vb.height ? vb.height : box.height;
  copy.setAttribute('xmlns', SVG_NS);
  return { element: copy, width, height };
}

function copyStyles(from: Element, to: Element, parent: CSSStyleDeclaration | null): void {
  const cs = getComputedStyle(from);
  if (cs.display === 'none') {
    to.remove();
    return;
  }
  const decl: string[] = [];
  for (const p of INHERITED) {
    const v = cs.getPropertyValue(p);
    if (v && (!parent || parent.getPropertyValue(p) !== v)) decl.push(`${p}:${v}`);
  }
  for (const [p, initial] of Object.entries(OWN)) {
    const v = cs.getPropertyValue(p);
    if (v && v !== initial) decl.push(`${p === 'text-decoration-line' ? 'text-decoration' : p}:${v}`);
  }
  for (const a of DROP_ATTRS) to.removeAttribute(a);
  for (const a of [...to.attributes]) if (a.name.startsWith('on')) to.removeAttribute(a.name);
  if (decl.length) to.setAttribute('style', decl.join(';'));
  else to.removeAttribute('style');
  // the live and copied trees have the same shape: walk them side by side (backwards, a child may be removed)
  const a = from.children;
  const b = to.children;
  for (let i = a.length - 1; i >= 0; i--) copyStyles(a[i], b[i], cs);
}

/** Svelte's markers (empty comments) and scoping classes (svelte-xxxx) mean nothing outside the app */
function tidy(root: Element): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
  for (const el of [root, ...root.querySelectorAll('[class]')]) {
    const kept = [...el.classList].filter((c) => !/^svelte-/.test(c));
    if (kept.length) el.setAttribute('class', kept.join(' '));
    else el.removeAttribute('class');
  }
}

function renameIds(root: Element, prefix: string): void {
  const ids = new Set<string>();
  for (const el of root.querySelectorAll('[id]')) {
    ids.add(el.id);
    el.id = prefix + el.id;
  }
  if (!ids.size) return;
  const fix = (v: string) => v.replace(/url\(\s*["']?#([^)"']+)["']?\s*\)/g, (m, id: string) => (ids.has(id) ? `url(#${prefix}${id})` : m));
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const a of [...el.attributes]) {
      if ((a.name === 'href' || a.name === 'xlink:href') && a.value.startsWith('#') && ids.has(a.value.slice(1)))
        el.setAttribute(a.name, '#' + prefix + a.value.slice(1));
      else if (a.value.includes('url(')) el.setAttribute(a.name, fix(a.value));
    }
  }
}
