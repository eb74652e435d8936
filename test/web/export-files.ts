// Reading exported files as a user's tools would: is the SVG well-formed XML,
// how big is the PNG, how many pages has the PDF, how many slides the deck.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO } from './build-app.ts';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** width and height from the PNG's IHDR chunk (which the signature must be followed by) */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: wrong signature');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** pages of a PDF: its /Type /Page objects (not /Pages), as Chromium's and nslab's writers store them uncompressed */
export function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/**
 * The first well-formedness error of an XML document (tags balanced and
 * properly nested, attributes quoted), or '' when there is none. Small on
 * purpose: the browser test parses the SVG with DOMParser as well.
 */
export function xmlProblem(xml: string): string {
  const body = xml.replace(/<!--[^]*?-->/g, '').replace(/<\?[^]*?\?>/g, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(at, m.index);
    if (between.includes('<')) return `unparsable markup near "${between.slice(between.indexOf('<'), between.indexOf('<') + 40)}"`;
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(between)) return `bare & in text near "${between.slice(0, 40)}"`;
    at = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
    } else if (!selfClose) stack.push(name);
  }
  if (body.slice(at).includes('<')) return 'unparsable markup at the end';
  return stack.length ? `<${stack[stack.length - 1]}> is never closed` : '';
}

/** the text of every <text> (and <tspan>) element, in order */
export function svgTexts(svg: string): string[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
  return [...svg.matchAll(/<(text|tspan)\b[^>]*>([^<]*)(?=<)/g)]
    .map((m) => m[2].replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => entities[e]).trim())
    .filter(Boolean);
}

/** the built app in a private directory (other suites rebuild dist/ while this one runs) */
export function buildPrivateApp(): string {
  const dir = mkdtempSync(`${tmpdir()}/nslab-export-app-`);
  execFileSync(process.execPath, [`${REPO}node_modules/vite/bin/vite.js`, 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return dir;
}
