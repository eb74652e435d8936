// issue 3: the app's backend switch — the simulator by default, a real host
// through `nslab agent` (URL with token) on demand, the connection's state
// always shown and a clear message when the agent refuses. Needs root (the
// agent makes namespaces and cgroups); skipped otherwise, saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildApp, DIST, REPO } from './build-app.ts';
import { launchChromium } from './browser.ts';
import { serveApp, type AppServer } from '../../host-backend/cli/app-server.ts';
import { startAgent, type Agent } from '../../host-backend/agent/server.ts';

const root = process.getuid?.() === 0;
if (!root) console.log('backend-switch: skipped, the real-host agent needs root');

describe.skipIf(!root)('the backend switch', () => {
  let server: AppServer;
  let agent: Agent;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildApp();
    server = await serveApp(DIST);
    agent = await startAgent({ stateDir: mkdtempSync(join(tmpdir(), 'nslab-switch-')), origins: [new URL(server.url).origin], limits: { warm: 0 } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    mkdirSync(`${REPO}test-results`, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.close();
    await server?.close();
  });

  it('starts on the simulator; a wrong token is refused with a reason, and the simulator stays', async () => {
    await page.goto(server.url);
    await page.locator('.app[data-ready="yes"]').waitFor();
    const toggle = page.getByTestId('backend-toggle');
    expect(await toggle.getAttribute('data-backend')).toBe('sim');
    await toggle.click();
    await page.getByTestId('backend-url').fill(agent.url.replace(/token=[^&]+/, 'token=wrong'));
    await page.getByTestId('backend-connect').click();
    await expect.poll(() => page.getByTestId('backend-error').textContent(), { timeout: 30_000 }).toMatch(/could not be used: .*(token|401|refused)/i);
    expect(await toggle.getAttribute('data-backend')).toBe('sim');
  });

  it('runs the loaded scenario on the real kernel once connected, and back on the simulator when asked', async () => {
    await page.getByTestId('backend-url').fill(agent.url);
    await page.getByTestId('backend-connect').click();
    const toggle = page.getByTestId('backend-toggle');
    await expect.poll(() => toggle.getAttribute('data-backend'), { timeout: 60_000 }).toBe('host');
    expect(await toggle.textContent()).toMatch(/Real host \(\d+ CPUs, (v1|v2|hybrid)\)/);
    await page.locator('.app[data-ready="yes"]').waitFor();
    // the machine shown is the sandbox: its PID namespace is not the kernel's initial one (pid:[4026531836])
    await expect.poll(async () => (await page.locator('main').innerText()).includes('pid:[4026531836]'), { timeout: 60_000 }).toBe(false);
    // a step on the real kernel: the child of clone(CLONE_NEWPID) is PID 1 there too
    await page.getByRole('slider', { name: 'jump to step' }).fill('5');
    await expect.poll(() => page.getByTestId('step-counter').innerText(), { timeout: 60_000 }).toMatch(/step 5 of/);
    await expect.poll(async () => /getpid\(\)\s*=\s*1\b/.test(await page.locator('.output').innerText()), { timeout: 60_000 }).toBe(true);
    expect(agent.sessions()).toBeGreaterThan(0);
    await page.screenshot({ path: `${REPO}test-results/web-backend-host.png` });
    await toggle.click();
    await page.getByRole('button', { name: 'Use the simulator' }).click();
    await page.locator('.app[data-busy="no"]').waitFor();
    await expect.poll(() => toggle.getAttribute('data-backend'), { timeout: 30_000 }).toBe('sim');
    // the real host's sessions are closed
    await expect.poll(() => agent.sessions(), { timeout: 30_000 }).toBe(0);
  });
});
