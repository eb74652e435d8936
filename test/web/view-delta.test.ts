// The worker sends a step's machine as a delta from the view the page holds
// (web/src/sim/view-delta.ts). Real observations of the simulator, steps
// apart, both ways: what the page rebuilds is what the kernel showed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyDelta, deltaOf, type ViewState } from '../../web/src/sim/view-delta.ts';
import { loadSimBackend } from '../../host-backend/sim-backend.ts';
import { checkScenario, ScenarioRun } from '../../host-backend/scenario/index.ts';

const SCENARIO = `machine cpus=2
init: fork() -> a
a: unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS)
a: fork() -> b
b: sethostname("inside")
b: fork() -> c
c: exit(0)
init: kill(a, SIGKILL)
`;

/** the view after each step, as the worker observes it (snapshot, names, getpid/getppid) */
async function views(text = SCENARIO): Promise<ViewState[]> {
  const b = await loadSimBackend();
  const run = new ScenarioRun(b, checkScenario(text, 'delta').scenario);
  await run.boot();
  const out: ViewState[] = [];
  for (;;) {
    const snapshot = await run.snapshot();
    const names: ViewState['names'] = {};
    for (const [name, ref] of run.tasks()) names[ref] = name;
    const seen: ViewState['seen'] = {};
    for (const t of snapshot.tasks) {
      if (t.state === 'Z') continue;
      seen[t.ref] = { getpid: (await b.call(t.ref, 'getpid', [])).ret, getppid: (await b.call(t.ref, 'getppid', [])).ret };
    }
    out.push({ snapshot, names, seen });
    if (run.done) break;
    await run.step();
  }
  await b.close();
  return out;
}

/** library scenarios whose steps change what the one above does not: ids, cgroups, names, CPUs, mount tables */
const LIBRARY = ['cgroup/cgroupns', 'cgroup/cpuset-8cpus', 'mounts/shared-subtree'];
const library = (name: string) => readFileSync(new URL(`../../scenarios/${name}.nslab`, import.meta.url), 'utf8');

describe('a view as a delta from the one the page holds', () => {
  it.each([['the fork/unshare/kill scenario above', SCENARIO], ...LIBRARY.map((n) => [n, library(n)])])('rebuilds every step of %s from every other step, keeping the tasks that did not change', async (_name, text) => {
    const all = await views(text);
    if (text === SCENARIO) expect(all.length).toBe(8);
    for (const from of all) {
      // what the page holds went through a structured clone: no object is shared with the worker's
      const held = structuredClone(from);
      for (const to of all) {
        const delta = deltaOf(from, to);
        const rebuilt = applyDelta(held, structuredClone(delta));
        expect(rebuilt).toEqual(to);
        for (const t of rebuilt.snapshot.tasks) {
          const kept = held.snapshot.tasks.find((h) => h.ref === t.ref);
          if (!delta.tasks.some((d) => d.ref === t.ref)) expect(t).toBe(kept);
        }
      }
    }
  });

  it('sends only what a step changed', async () => {
    const all = await views();
    // step 4: b forks c, one task more, nothing else changes
    const d = deltaOf(all[4], all[5]);
    expect(d.tasks.map((t) => all[5].names[t.ref])).toEqual(['c']);
    expect(d.namespaces).toBeUndefined();
    expect(d.mounts).toBeUndefined();
    expect(Object.keys(d.seen).map((r) => all[5].names[Number(r)])).toEqual(['c']);
    expect(d.names).toEqual(all[5].names);
    // step 3: b's hostname changes a namespace's content, not a link: no task changes
    expect(deltaOf(all[3], all[4]).tasks).toEqual([]);
    // the same view: nothing at all
    expect(deltaOf(all[5], all[5])).toEqual({ order: all[5].snapshot.tasks.map((t) => t.ref), tasks: [], seen: {}, drop: [] });
  });
});
