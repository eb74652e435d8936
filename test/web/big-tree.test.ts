// A 1,000-task scenario in the page: the tree stays readable (it scrolls
// rather than shrinking to dots), the step's new task is scrolled into view,
// and the time a step takes is measured and printed (issue 6 budgets it at
// 50 ms; this test only holds a loose bound and reports the numbers).
import { describe, expect, it } from 'vitest';
import { forkTree, SHOTS, useAppPage } from './app-page.ts';
import { encodeUrlState } from '../../web/src/state/url.ts';

const TASKS = 1000;
const ui = useAppPage();

describe(`a ${TASKS}-task scenario`, () => {
  it('steps, draws the new task in view at a readable size, and reports its timings', async () => {
    await ui.page.goto(ui.server.url + encodeUrlState({ text: forkTree(TASKS), at: TASKS - 1 }));
    const counter = ui.page.getByTestId('step-counter');
    await expect.poll(() => counter.innerText(), { timeout: 60_000 }).toBe(`step ${TASKS - 1} of ${TASKS}`);
    await ui.page.locator('.app[data-busy="no"]').waitFor();
    const t0 = Date.now();
    await ui.page.getByRole('button', { name: 'step forward' }).click();
    await expect.poll(() => counter.innerText(), { timeout: 30_000 }).toBe(`step ${TASKS} of ${TASKS}`);
    await ui.page.locator('.app[data-busy="no"]').waitFor();
    const wall = Date.now() - t0;
    const app = ui.page.locator('.app');
    const draw = Number(await app.getAttribute('data-draw-ms'));
    const worker = JSON.parse((await app.getAttribute('data-worker-ms')) ?? '{}');
    console.log(`step ${TASKS} of ${TASKS}: ${wall} ms as clicked; worker ${JSON.stringify(worker)} ms; page draw ${draw} ms`);
    // every task is laid out; only those near the viewport are drawn
    expect(Number(await ui.page.locator('.tree svg').getAttribute('data-task-count'))).toBe(TASKS + 1);
    expect(await ui.page.locator('.tree svg').getAttribute('data-windowed')).toBe('yes');
    // readable: never shrunk below the minimum zoom
    expect(Number(await ui.page.locator('.tree svg').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.45);
    // the new task is inside the visible part of the tree
    const [card, view] = [await ui.page.locator(`g.task[data-name="t${TASKS}"] rect.card`).boundingBox(), await ui.page.locator('.tree .viewport').boundingBox()];
    expect(card && view && card.x >= view.x && card.x + card.width <= view.x + view.width && card.y >= view.y && card.y + card.height <= view.y + view.height).toBe(true);
    expect(await ui.page.locator(`g.task[data-name="t${TASKS}"]`).getAttribute('class')).toContain('appeared');
    await ui.page.screenshot({ path: `${SHOTS}/web-1000-tasks.png` });
    // a loose bound only (the machine is shared): the 50 ms budget is issue 6's
    expect(wall).toBeLessThan(5_000);
  });

  it('the cgroup view draws a window of its task rows, and each cgroup names 40 members and says how many more', async () => {
    await ui.page.locator('[role="tab"][data-view="cgroups"]').click();
    const view = ui.page.locator('.tasks.task-rows');
    await view.locator('tbody tr[data-name]').first().waitFor();
    const rows = () => view.locator('tbody tr[data-name]').count();
    expect(await rows()).toBeLessThan(100);
    // scrolled to the end, the last tasks are drawn (the rows are there, only not all at once)
    await view.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect.poll(() => view.locator(`tbody tr[data-name="t${TASKS}"]`).count()).toBe(1);
    expect(await rows()).toBeLessThan(100);
    const members = ui.page.locator('.members', { has: ui.page.locator('.more') }).first();
    const all = (await members.getAttribute('data-members'))!.split(' ');
    expect(all.length).toBe(TASKS + 1);
    expect(await members.locator('button.member').count()).toBe(40);
    expect(await members.locator('.more').innerText()).toBe(`and ${TASKS + 1 - 40} more`);
  });

  it('a terminal pane prints the first 200 lines of a long output and says how many more', async () => {
    await ui.page.locator('[role="tab"][data-view="panes"]').click();
    // ps from init: a header and a line per task
    const out = ui.page.getByTestId('pane-output').filter({ hasText: 'PID' }).first();
    await out.waitFor();
    const text = await out.innerText();
    const lines = text.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(lines.length).toBeLessThan(200);
    expect(text).toContain(`… and ${TASKS + 2 - 200} more lines`);
    await ui.page.locator('[role="tab"][data-view="tree"]').click();
  });
});
