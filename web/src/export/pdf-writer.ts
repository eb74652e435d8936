// The smallest PDF that holds pictures: one page per JPEG, the image filling
// the page (PDF 1.4, ISO 32000-1 §7.5 file structure; a JPEG is embedded as
// is with /DCTDecode, so nothing needs compressing here).

export interface PdfPage {
  jpeg: Uint8Array;
  /** the image's size in pixels */
  width: number;
  height: number;
}

/** `pageW`×`pageH` in points (1/72 in); 960×540 is a 16:9 slide of 13.33×7.5 in */
export function imagesPdf(pages: PdfPage[], title: string, pageW = 960, pageH = 540): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const put = (b: Uint8Array | string) => {
    const u = typeof b === 'string' ? enc.encode(b) : b;
    chunks.push(u);
    length += u.length;
  };
  const obj = (n: number, body: () => void) => {
    offsets[n] = length;
    put(`${n} 0 obj\n`);
    body();
    put('\nendobj\n');
  };

  // objects: 1 catalog, 2 page tree, 3 info; page i: 4+3i page, 5+3i contents, 6+3i image
  // the second line's bytes above 127 mark the file as binary (UTF-8 of these letters is)
  put('%PDF-1.4\n%âãÏÓ\n');
  const kids = pages.map((_, i) => `${4 + 3 * i} 0 R`).join(' ');
  obj(1, () => put('<< /Type /Catalog /Pages 2 0 R >>'));
  obj(2, () => put(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`));
  obj(3, () => put(`<< /Title ${pdfString(title)} /Producer (nslab) >>`));
  pages.forEach((p, i) => {
    const [page, contents, image] = [4 + 3 * i, 5 + 3 * i, 6 + 3 * i];
    obj(page, () =>
      put(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageW} ${pageH}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${contents} 0 R >>`),
    );
    const draw = `q ${pageW} 0 0 ${pageH} 0 0 cm /Im0 Do Q`;
    obj(contents, () => put(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`));
    obj(image, () => {
      put(`<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>\nstream\n`);
      put(p.jpeg);
      put('\nendstream');
    });
  });
  const count = 4 + 3 * pages.length;
  const xref = length;
  put(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) put(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  put(`trailer\n<< /Size ${count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** a PDF text string: ASCII as a literal, anything else as UTF-16BE hex with its byte order mark */
function pdfString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, '\\$&')})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}
