// The exports, callable from outside the page: `nslab export` drives the
// built app in headless Chromium and calls these (page.evaluate), so the
// command line runs exactly the code the export menu runs.
import { ExportError, viewNames, type ExportHost } from './names.ts';

/** the exporter proper, loaded on first use */
const exporter = () => import('./exporter.ts');

export interface ExportAutomation {
  /** load a scenario's text under its name (as the picker would); false iff it has errors (steps() says which) */
  load(text: string, name: string): Promise<boolean>;
  /** the names --view accepts */
  views(): string[];
  /** steps of the loaded scenario; -1 while loading; throws with the scenario's errors if it has any */
  steps(): number;
  /** SVG text, or PNG as base64 */
  view(name: string, format: 'svg' | 'png', step?: number, scale?: number): Promise<string>;
  /** HTML text, or the in-browser PDF as base64 */
  deck(name: string, format: 'html' | 'pdf'): Promise<string>;
}

declare global {
  interface Window {
    nslabExport?: ExportAutomation;
  }
}

async function base64(blob: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

/** errors thrown to page.evaluate keep only their message: mark the user's errors so the CLI can tell them apart */
const said = (e: unknown): never => {
  throw e instanceof ExportError ? new Error(`nslab-export: ${e.message}`) : e;
};

export function installAutomation(host: ExportHost): () => void {
  const api: ExportAutomation = {
    load: async (text, name) => (await host.lab.load(text, name)) === true,
    views: () => viewNames(host),
    steps: () => {
      const { lab } = host;
      if (lab.errors.length) throw new Error(`nslab-export: ${lab.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n')}`);
      if (lab.fault) throw new Error(`nslab-export: ${lab.fault}`);
      return lab.view && !lab.busy ? lab.total : -1;
    },
    view: async (name, format, step, scale) => {
      try {
        const { pictureOf, viewPng } = await exporter();
        const picture = await pictureOf(host, name, step);
        return format === 'svg' ? picture.svg : await base64(await viewPng(picture, scale));
      } catch (e) {
        return said(e);
      }
    },
    deck: async (name, format) => {
      try {
        const { deckHtmlOf, deckPdfOf } = await exporter();
        return format === 'html' ? await deckHtmlOf(host, name) : await base64(await deckPdfOf(host, name));
      } catch (e) {
        return said(e);
      }
    },
  };
  window.nslabExport = api;
  return () => {
    if (window.nslabExport === api) delete window.nslabExport;
  };
}
