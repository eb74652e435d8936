// Every scenario shipped with the app runs to its end in the page with every
// stated expectation met, its picture drawn without overlapping cards.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync } from 'node:fs';
import { REPO } from './build-app.ts';
import { useAppPage } from './app-page.ts';

const SHOTS = `${REPO}test-results/library`;

function scenarioNames(dir = `${REPO}scenarios`, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? scenarioNames(`${dir}/${e.name}`, `${prefix}${e.name}/`)
      : e.name.endsWith('.nslab')
        ? [prefix + e.name.slice(0, -'.nslab'.length)]
        : [],
  );
}

const ui = useAppPage();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ui.page.goto(ui.server.url);
  await ui.page.locator('.app[data-ready="yes"]').waitFor({ timeout: 10_000 });
});

describe('the scenario library in the page', () => {
  const names = scenarioNames();

  it('offers every file of scenarios/', async () => {
    const offered = await ui.page.locator('select[aria-label="scenario"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered.filter((v) => v !== '(paste)').sort()).toEqual([...names].sort());
  });

  it.each(names)('%s runs to its end with every expectation met', async (name) => {
    await ui.page.getByRole('combobox', { name: 'scenario' }).selectOption(name);
    await expect.poll(() => ui.page.locator('ol.source').getAttribute('data-scenario')).toBe(name);
    await ui.page.locator('.app[data-ready="yes"][data-busy="no"]').waitFor();
    await ui.page.keyboard.press('End');
    const counter = ui.page.getByTestId('step-counter');
    await expect.poll(async () => /step (\d+) of \1$/.test(await counter.innerText()), { timeout: 20_000 }).toBe(true);
    await ui.page.locator('.app[data-busy="no"]').waitFor();
    const failed = await ui.page.locator('[data-testid="terminal"] .entry.failed').allInnerTexts();
    expect(failed).toEqual([]);
    const cards = await ui.page.locator('g.task rect.card').evaluateAll((rs) =>
      rs.map((r) => {
        const b = r.getBoundingClientRect();
        return { x: b.x, y: b.y, w: b.width, h: b.height };
      }),
    );
    for (let i = 0; i < cards.length; i++)
      for (let j = i + 1; j < cards.length; j++) {
        const [a, b] = [cards[i], cards[j]];
        expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h, `cards ${i} and ${j} overlap`).toBe(false);
      }
    await ui.page.screenshot({ path: `${SHOTS}/${name.replace(/\//g, '-')}.png` });
  });

  it('no errors reached the page’s console', () => {
    expect(ui.errors).toEqual([]);
  });
});
