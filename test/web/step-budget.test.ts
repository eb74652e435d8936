// The step budget of issue 6 on a 1,000-task scenario: a step is drawn in
// under 50 ms. Reading a 1,000-task snapshot from procfs costs the worker
// ~75 ms, so the worker observes the steps around the shown one ahead
// (web/src/sim/session.ts) and sends the page the next one as a delta as
// soon as it has it; the page keeps the views it showed (lab.svelte.ts).
// This test prints every case — a step observed ahead, a step back to a
// shown one, a jump nobody could foresee — and holds them to bounds loose
// enough for a shared CI machine; `npm run bench` holds the budget itself.
import { describe, expect, it } from 'vitest';
import { forkTree, useAppPage } from './app-page.ts';
import { encodeUrlState } from '../../web/src/state/url.ts';
import type { LabView } from '../../web/src/protocol.ts';

const TASKS = 1000;
const ui = useAppPage();

const counter = () => ui.page.getByTestId('step-counter');
const app = () => ui.page.locator('.app');

interface Sample {
  wall: number;
  /** in the page: from asking the worker for the step until its frame was painted */
  step: number;
  parts: { answer: number; draw: number; paint: number };
  draw: number;
  worker: LabView['timing'];
}

/** performs `act`, waits until step `k` is drawn, and returns the times */
async function timed(k: number, act: () => Promise<void>): Promise<Sample> {
  const before = await app().getAttribute('data-step-parts');
  const t0 = Date.now();
  await act();
  await expect.poll(() => counter().innerText(), { timeout: 60_000, interval: 5 }).toBe(`step ${k} of ${TASKS}`);
  await ui.page.locator('.app[data-busy="no"]').waitFor();
  const wall = Date.now() - t0;
  // the painted frame is recorded once the frame after the draw has rendered (a frame, then a message)
  await expect.poll(() => app().getAttribute('data-step-parts')).not.toBe(before);
  return {
    wall,
    step: Number(await app().getAttribute('data-step-ms')),
    parts: JSON.parse((await app().getAttribute('data-step-parts')) ?? '{}'),
    draw: Number(await app().getAttribute('data-draw-ms')),
    worker: JSON.parse((await app().getAttribute('data-worker-ms')) ?? '{}'),
  };
}

const idle = () => ui.page.locator('.app[data-prefetching="no"]').waitFor({ timeout: 60_000 });
const show = (what: string, s: Sample) =>
  console.log(
    `${what}: ${s.step} ms from asking to painted (answer ${s.parts.answer}, draw ${s.parts.draw}, layout and paint ${s.parts.paint}); ` +
      `${s.wall} ms as the test saw it (with its polling); worker ${JSON.stringify(s.worker, (_, v) => (typeof v === 'number' ? Math.round(v) : v))}`,
  );

describe(`stepping a ${TASKS}-task scenario`, () => {
  it('a step observed ahead, a step back and a cold jump: the times, printed', async () => {
    await ui.page.goto(ui.server.url + encodeUrlState({ text: forkTree(TASKS), at: TASKS - 1 }));
    await expect.poll(() => counter().innerText(), { timeout: 60_000 }).toBe(`step ${TASKS - 1} of ${TASKS}`);
    await idle();

    const warm = await timed(TASKS, () => ui.page.getByRole('button', { name: 'step forward' }).click());
    show('step forward, observed ahead', warm);
    // the worker sent it ahead: the page shows it without asking
    expect(warm.worker.page).toBe(true);
    // every task is laid out; only those near the viewport are drawn
    expect(Number(await ui.page.locator('.tree svg').getAttribute('data-task-count'))).toBe(TASKS + 1);
    expect(await ui.page.locator('.tree svg').getAttribute('data-windowed')).toBe('yes');
    expect(await ui.page.locator(`g.task[data-name="t${TASKS}"]`).getAttribute('class')).toContain('appeared');
    await idle();

    const back = await timed(TASKS - 1, () => ui.page.getByRole('button', { name: 'step back' }).click());
    show('step back, recorded', back);
    // the page kept it when it was shown
    expect(back.worker.page).toBe(true);
    expect(Number(await ui.page.locator('.tree svg').getAttribute('data-task-count'))).toBe(TASKS);
    await idle();

    const cold = await timed(TASKS / 2, () => ui.page.getByRole('slider', { name: 'jump to step' }).fill(String(TASKS / 2)));
    show('jump to an unforeseen step (cold: procfs read now)', cold);
    expect(cold.worker.prefetched).toBe(false);
    expect(cold.worker.snapshot).toBeGreaterThan(0);
    await idle();

    const again = await timed(TASKS / 2 + 1, () => ui.page.getByRole('button', { name: 'step forward' }).click());
    show('step forward after the jump, observed ahead', again);
    expect(again.worker.prefetched).toBe(true);

    // loose bounds only (a shared machine): the budget itself is 50 ms, reported above
    expect(warm.step).toBeGreaterThan(0);
    expect(warm.step).toBeLessThan(500);
    expect(back.step).toBeLessThan(500);
    expect(warm.wall).toBeLessThan(2_000);
  });
});
