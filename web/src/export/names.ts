// The small part of the exporter the page loads at once: the host it needs,
// the view names `nslab export --view` takes, file names and the user's
// errors. The rest (exporter.ts: SVG, PNG, decks, PDF) loads on first use.
import type { Lab } from '../state/lab.svelte.ts';

/** What the exporter needs of the page: the lab, and the view tabs. */
export interface ExportHost {
  lab: Lab;
  /** the app's view ids, in tab order */
  views(): readonly string[];
  shown(): string;
  show(id: string): void;
  /** the element the shown view is drawn in (the tab panel) */
  viewElement(): Element | null;
}

/** A request that cannot be met (unknown view, no machine, no steps): said to the user as is. */
export class ExportError extends Error {}

/** the names `nslab export --view` accepts for the app's view ids */
const NAMES: Record<string, string> = { tree: 'process-tree', pids: 'pid-table', ns: 'ns-matrix' };

export function viewNames(host: ExportHost): string[] {
  return host.views().map((id) => NAMES[id] ?? id);
}

/** the view id for a name (`process-tree` or the app's own id `tree`) */
export function resolveView(host: ExportHost, name: string): string {
  const ids = host.views();
  const id = ids.find((i) => i === name || NAMES[i] === name);
  if (!id) throw new ExportError(`unknown view "${name}" (views: ${viewNames(host).join(', ')})`);
  return id;
}

/** the file name a download gets: scenario, view, step */
export function fileBase(host: ExportHost, what: string): string {
  const name = (host.lab.name || 'scenario').replace(/[^\w.-]+/g, '-');
  return `${name}-${what}`;
}

