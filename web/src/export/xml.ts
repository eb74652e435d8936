// Writing SVG and HTML as text: escaping and short numbers.

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** a coordinate with at most two decimals (files stay small, positions stay exact to the pixel) */
export function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}
