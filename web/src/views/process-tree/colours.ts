// One colour per PID-namespace instance, made once: the machine's initial
// namespace is neutral grey, every later one takes the next hue.
const HUES = ['#2f6fb0', '#d9730d', '#2e8b57', '#b8336a', '#7b52ab', '#8a6d1f', '#1f8a8a', '#c0392b'];

export interface NsColour {
  /** the box's border and the chip's edge */
  stroke: string;
  /** the box's background */
  fill: string;
  /** a chip's background */
  chip: string;
  /** text drawn on the fill */
  ink: string;
}

const ROOT: NsColour = { stroke: '#8d96a0', fill: '#f6f7f9', chip: '#e7eaee', ink: '#39424c' };

function tint(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * (1 - amount));
  return `rgb(${mix(n >> 16)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
}

export function nsColour(index: number): NsColour {
  if (index <= 0) return ROOT;
  const hue = HUES[(index - 1) % HUES.length];
  return { stroke: hue, fill: tint(hue, 0.07), chip: tint(hue, 0.2), ink: hue };
}
