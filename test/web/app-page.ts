// The fixture every browser test of the page starts from: the app built as
// `npm run build` builds it, served from dist/ by a plain static server and
// open in one Chromium page for the test file's tests.
import { afterAll, beforeAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { buildApp, DIST, REPO } from './build-app.ts';
import { launchChromium } from './browser.ts';
import { serveApp, type AppServer } from '../../host-backend/cli/app-server.ts';

/** where screenshots go (gitignored) */
export const SHOTS = `${REPO}test-results`;

export interface AppPage {
  server: AppServer;
  browser: Browser;
  page: Page;
  /** the page's uncaught exceptions and console errors, in order */
  errors: string[];
}

/** Registers the file's beforeAll/afterAll; the fields are set once beforeAll has run. */
export function useAppPage(options: BrowserContextOptions = {}): AppPage {
  const ui = { errors: [] as string[] } as AppPage;
  beforeAll(async () => {
    buildApp();
    ui.server = await serveApp(DIST);
    ui.browser = await launchChromium();
    ui.page = await ui.browser.newPage({ viewport: { width: 1600, height: 1000 }, ...options });
    ui.page.on('pageerror', (e) => ui.errors.push(e.message));
    ui.page.on('console', (m) => m.type() === 'error' && ui.errors.push(m.text()));
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.server?.close();
  });
  return ui;
}

/** the bench's scenario: a binary tree of forks (t1 is init's child, t(i) forks t(2i) and t(2i+1)) */
export { forkTree } from '../../host-backend/cli/bench-web.ts';
