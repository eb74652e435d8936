// nslab diff FILE... [--agent URL] [--json]: each scenario on the real kernel,
// then on the simulator configured as that host is (CPUs, memory, cgroup
// mode, PID levels left, hostname), both normalised; every difference
// printed; exit 1 on any.
import { ScenarioRun, type StepResult } from '../scenario/index.ts';
import { diffRuns, formatDifferences, type RunRecord } from '../userland/diff.ts';
import type { Backend } from '../backend.ts';
import type { Args } from './args.ts';
import { guardBoot, openHost, openSim } from './backends.ts';
import { CliError, type Io } from './errors.ts';
import { readScenario } from './load.ts';

async function record(backend: Backend, run: ScenarioRun, what: string): Promise<RunRecord> {
  await guardBoot(`nslab diff: cannot boot the ${what}`, () => run.boot());
  await run.run();
  return { backend: backend.kind, steps: run.results.map(observation), snapshot: await run.snapshot() };
}

const observation = (r: StepResult) => ({
  index: r.index, line: r.line, text: r.text, ret: r.ret, output: r.output, status: r.status, error: r.error,
});

export async function diffMain(args: Args, io: Io): Promise<number> {
  if (!args.positional.length) throw new CliError('nslab diff: which scenario? usage: nslab diff FILE...', 2);
  // every file is read (and its errors reported) before any machine boots
  const files: Awaited<ReturnType<typeof readScenario>>[] = [];
  for (const f of args.positional) files.push(await readScenario(f, 'diff', io));
  const host = await openHost(args.values.agent);
  const results: { file: string; same: boolean; differences: ReturnType<typeof diffRuns> }[] = [];
  try {
    for (const { scenario, name } of files) {
      const hostRun = await record(host, new ScenarioRun(host, scenario), 'real-host machine');
      const machine = await host.machine();
      const sim = await openSim();
      let simRun: RunRecord;
      try {
        simRun = await record(sim, new ScenarioRun(sim, scenario, { machine }), 'simulated machine');
      } finally {
        await sim.close();
      }
      const diffs = diffRuns(simRun, hostRun);
      results.push({ file: name, same: diffs.length === 0, differences: diffs });
      if (args.bools.has('json')) continue;
      if (diffs.length === 0) {
        io.out(`${name}: the simulator and the real kernel agree (${scenario.steps.length} steps and the final snapshot, normalised)\n`);
      } else {
        io.out(`${name}: ${diffs.length} difference${diffs.length === 1 ? '' : 's'} between the simulator and the real kernel (normalised)\n\n`);
        io.out(formatDifferences(diffs, ['sim', 'host']));
      }
    }
  } finally {
    await host.close();
  }
  // one file: its object, as always; several: an array of them
  if (args.bools.has('json')) io.out(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
  return results.some((r) => !r.same) ? 1 : 0;
}
