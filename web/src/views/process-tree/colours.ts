// One colour per PID-namespace instance, made once: the machine's initial
// namespace is neutral grey, every later one takes the next hue. Colours are
// CSS values mixed with the theme's surface and ink (app.css), so the same
// hue reads on the light and on the dark theme.
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

const ROOT: NsColour = { stroke: 'var(--root-stroke)', fill: 'var(--root-fill)', chip: 'var(--root-chip)', ink: 'var(--root-ink)' };

const mix = (hue: string, percent: number, base: string) => `color-mix(in srgb, ${hue} ${percent}%, ${base})`;

export function nsColour(index: number): NsColour {
  if (index <= 0) return ROOT;
  const hue = HUES[(index - 1) % HUES.length];
  return {
    stroke: mix(hue, 85, 'var(--ink)'),
    fill: mix(hue, 8, 'var(--surface)'),
    chip: mix(hue, 22, 'var(--surface)'),
    ink: mix(hue, 75, 'var(--ink)'),
  };
}
