// Running scenario text on the simulator (debug build: invariants checked after every call).
import { loadSimBackend } from '../../host-backend/sim-backend.ts';
import { ScenarioRun, parseScenario, type StepResult } from '../../host-backend/scenario/index.ts';

export async function simRun(text: string): Promise<{ run: ScenarioRun; results: StepResult[]; out: (line: number) => string }> {
  const backend = await loadSimBackend({ debug: true });
  const run = new ScenarioRun(backend, parseScenario(text));
  await run.boot();
  const results = await run.run();
  const out = (line: number) => {
    const r = results.find((x) => x.line === line);
    if (!r) throw new Error(`no step on line ${line}`);
    if (r.error) throw new Error(`line ${line}: ${r.error}`);
    return r.output ?? '';
  };
  return { run, results, out };
}
