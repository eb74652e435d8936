// The export menu's and the slides' words, in the interface's language
// (web/src/i18n chooses it). Scenario lines and command output stay as written.
import { i18n } from '../i18n/i18n.svelte.ts';

const en = {
  export: 'Export ▾',
  exporting: 'Exporting {what}',
  title: 'Export the view on screen, or the whole scenario as slides',
  menu: 'export',
  viewSvg: 'View as SVG',
  viewPng: 'View as PNG',
  deckHtml: 'Slides as HTML (one per step)',
  deckPdf: 'Slides as PDF (one page per step)',
  progress: 'slide {k} of {n}…',
  dismiss: 'dismiss',
  failed: 'export failed: {why}',
  stepOf: '{name} — step {k} of {n}',
  asExpected: '✓ as expected',
  expected: '✗ expected {what}',
  moreLines: '… {n} more lines',
  slides: 'nslab slides',
};

const ca: typeof en = {
  export: 'Exporta ▾',
  exporting: "S'està exportant {what}",
  title: "Exporta la vista de la pantalla, o tot l'escenari com a diapositives",
  menu: 'exporta',
  viewSvg: 'Vista com a SVG',
  viewPng: 'Vista com a PNG',
  deckHtml: 'Diapositives en HTML (una per pas)',
  deckPdf: 'Diapositives en PDF (una pàgina per pas)',
  progress: 'diapositiva {k} de {n}…',
  dismiss: 'tanca',
  failed: "l'exportació ha fallat: {why}",
  stepOf: '{name} — pas {k} de {n}',
  asExpected: "✓ com s'esperava",
  expected: "✗ s'esperava {what}",
  moreLines: '… {n} línies més',
  slides: 'diapositives nslab',
};

export type ExportWord = keyof typeof en;

export function word(key: ExportWord, vars?: Record<string, string | number>): string {
  const text = (i18n.lang === 'ca' ? ca : en)[key];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}

export const lang = (): string => i18n.lang;
