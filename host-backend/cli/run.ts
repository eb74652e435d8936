// nslab run FILE [--backend sim|host] [--agent URL] [--json] [--debug]
import type { Backend } from '../backend.ts';
import { ScenarioRun } from '../scenario/index.ts';
import type { Args } from './args.ts';
import { guardBoot, openHost, openSim } from './backends.ts';
import { CliError, type Io } from './errors.ts';
import { readScenario } from './load.ts';
import { formatResult, summary } from './report.ts';

export async function runMain(args: Args, io: Io): Promise<number> {
  if (args.positional.length > 1) throw new CliError(`nslab run: one scenario at a time (got ${args.positional.join(' ')})`, 2);
  const kind = args.values.backend ?? 'sim';
  if (kind !== 'sim' && kind !== 'host') throw new CliError(`nslab run: --backend must be sim or host, not "${kind}"`, 2);
  if (args.values.agent !== undefined && kind !== 'host') throw new CliError('nslab run: --agent goes with --backend host', 2);
  const { scenario, name } = await readScenario(args.positional[0], 'run', io);
  const backend: Backend = kind === 'sim' ? await openSim(args.bools.has('debug')) : await openHost(args.values.agent);
  try {
    const run = new ScenarioRun(backend, scenario);
    await guardBoot(`nslab run: cannot boot the ${kind === 'sim' ? 'simulated' : 'real-host'} machine`, () => run.boot());
    const json = args.bools.has('json');
    for (;;) {
      const r = await run.step();
      if (!r) break;
      if (!json) io.out(formatResult(r, name));
    }
    const snapshot = json ? await run.snapshot() : null;
    if (json) {
      io.out(JSON.stringify({
        file: name, backend: backend.kind, machine: await backend.machine(),
        passed: !run.failed, steps: run.results, snapshot,
      }, null, 2) + '\n');
    } else {
      io.out(summary(run.results, scenario.steps.length, name));
    }
    return run.failed ? 1 : 0;
  } finally {
    await backend.close();
  }
}
