// An SVG document drawn into a canvas, the browser's own renderer: PNG for a
// view, JPEG for the pages of a PDF. The SVG holds no foreignObject and no
// external resource, so the canvas stays readable (not tainted).

export interface RasterOptions {
  /** device pixels per SVG unit (2: sharp on a projector and when zoomed) */
  scale?: number;
  type?: 'image/png' | 'image/jpeg';
  /** JPEG quality, 0..1 */
  quality?: number;
}

export async function rasterize(svg: string, width: number, height: number, options: RasterOptions = {}): Promise<Blob> {
  const scale = options.scale ?? 2;
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('export: the browser gave no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, options.type ?? 'image/png', options.quality ?? 0.92));
    if (!blob) throw new Error(`export: the canvas could not be encoded (${canvas.width}×${canvas.height} px is too large?)`);
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}
